export * from './types';
export { VaultClient, checkBaseUrl, neverAnswered } from './vault';
export { discoverRelay, relayRoute, RELAY_PATH } from './relay';
export type { RelayInfo } from './relay';
export type { VaultClientOptions, ClientEvent, Credentials } from './vault';
export { parseVql, vqlString, VqlSyntaxError } from '../protocol/vql';
export type { VqlQuery, VqlCondition } from '../protocol/vql';
