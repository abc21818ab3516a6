export * from './types';
export { VaultClient, checkBaseUrl } from './vault';
export type { VaultClientOptions, ClientEvent, Credentials } from './vault';
export { MemoryCtms, V1_REFERENCES } from './memory';
export type { MemoryRules } from './memory';
export { parseVql, vqlString, VqlSyntaxError } from './vql';
export type { VqlQuery, VqlCondition } from './vql';
