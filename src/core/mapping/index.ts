export * from './types';
export { mapWorkbook, planColumns, scoreColumn, CONFIDENT, PLAUSIBLE } from './match';
export { detectHeaderRow, HEADER_SEARCH_ROWS } from './header-row';
export { nameScore, nameSimilarity } from './names';
export { toWorkbookData, partnerStandard, toPartner, mappingIssues, mappingSection, type MappingSection } from './apply';
export { parseProfile, toProfile, profileMappings, ProfileError, MappingProfileSchema, type MappingProfile, PROFILE_FORMAT, PROFILE_VERSION } from './profile';
export { withMapping, type MappedReport } from './report';
