export * from './plan';
export * from './log';
export * from './run';
export * from './rollback';
export * from './reconcile';
export * from './profile';
export * from './journal';
export * from './later';
