export * from './json';
export * from './spec';
