export * from './trail';
export * from './record';
export { sha256Hex } from './hash';
