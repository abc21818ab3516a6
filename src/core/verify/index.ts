export * from '../model/issue';
export * from './messages';
export { verifyWorkbook, createVerifySession, VerifySession, type VerifyOptions, type VerifyResult, type VerifySummary } from './engine';
