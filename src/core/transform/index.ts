export * from './apply';
export * from './dates';
export * from './text';
export * from './email';
export * from './country';
export * from './phone';
export * from './charset';
export { analyzeCell, analyzePhone, planField, createAnalyzeContext, type CellOutcome, type Effective } from './cell';
