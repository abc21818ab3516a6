export * from './glossary';
export { translationWorklist, approvedFromWorklist, type WorklistRow } from './worklist';
