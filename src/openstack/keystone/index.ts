/** Keystone (identity) client: one Token model whatever the auth version. Import from here. */
export * from './token';
export * from './types';
export { IdentityClient } from './client';
export type { IdentityStats } from './client';
export { UNNAMED_REGION } from './parse';
export { normalizeAuthUrl, versionInPath, versionBaseUrl, parseVersionsDocument, chooseVersion } from './discovery';
export type { Discovered, VersionOffer } from './discovery';
export { buildV3AuthBody, parseV3TokenBody, parseV3Catalog } from './v3';
export { buildV2AuthBody, parseV2AccessBody, parseV2ServiceCatalog } from './v2';
export { buildV1AuthHeaders, parseV1AuthHeaders } from './v1';
export { ReceiptRequired, parseReceipt } from './receipt';
