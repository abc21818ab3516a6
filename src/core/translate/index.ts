export * from './glossary';
export { translationWorklist, approvedFromWorklist, type WorklistRow } from './worklist';
export * from './sheet';
export * from './decisions';
export { buildWorklist } from './build';
