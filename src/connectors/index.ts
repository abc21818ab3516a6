export * from './types';
export { VaultClient, checkBaseUrl } from './vault';
export type { VaultClientOptions, ClientEvent, Credentials } from './vault';
export { parseVql, vqlString, VqlSyntaxError } from '../protocol/vql';
export type { VqlQuery, VqlCondition } from '../protocol/vql';
