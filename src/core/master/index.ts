/** Data mastering: duplicate detection within a workbook and matching against the target CTMS. */
export { dedupeWorkbook, dedupeSheet, type DedupeReport, type DedupeOptions, type DuplicateCluster } from './dedupe';
export { classifyAgainstTarget, type TargetRecords, type TargetClassification, type TargetValue } from './target';
export { fingerprint, ngramFingerprint, foldAccents, simplify, normaliseEmail, normaliseOrgName } from './normalize';
export { phoneticKey } from './phonetic';
export { jaroWinkler, jaro, levenshtein, levenshteinWithin, levenshteinSimilarity, tokenJaccard } from './similarity';
export { compareNames, givenNameSimilarity, surnameSimilarity, type NameMatch } from './names';
export { BlockBuilder, forEachCandidatePair, forEachPair, type BlockIndex } from './blocking';
export { clusterPairs, clusterPairKeys, UnionFind, type Cluster, type ScoredPair } from './clustering';
export { preparePersons, personBlocks, scorePersons, matchPersons, explainPersons, type PersonInput, type PreparedPersons } from './person';
export { prepareOrgs, orgBlocks, scoreOrgs, matchOrgs, explainOrgs, orgNameSimilarity, type OrgInput, type PreparedOrgs } from './organization';
export { fieldColumns, columnsOfFields, sameSheetName, cellText } from './headers';
