export * from './types';
export * from './address';
export * from './headers';
