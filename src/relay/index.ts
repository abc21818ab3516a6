export { createRelay, RELAY_PREFIX, REFUSED_HEADER } from './server';
export type { RelayOptions } from './server';
export { loadRelayConfig, parseRelayConfig, RelayConfigSchema } from './config';
export type { RelayConfig, RelayConfigInput } from './config';
export { AllowList, parseTarget } from './allow-list';
