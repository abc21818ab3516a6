export { loadRomanizers, type Romanizers } from './load';
export { romanizeName, type Romanized, type NameRole, type Confidence } from './names';
export { romanizePlan, romanizeRow, romanizeReason, type RomanizePlan, type NameProposal } from './row';
export { needsRomanizers, romanizersFor, japaneseKanjiNames } from './detect';
