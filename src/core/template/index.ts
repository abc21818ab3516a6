export * from './plan';
export * from './alerts';
