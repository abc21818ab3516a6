export * from './plan';
export * from './log';
export * from './run';
export * from './rollback';
export * from './reconcile';
export * from './readback';
export * from './profile';
export * from './journal';
