export * from '../model/sheet';
export * from './address';
export * from './headers';
