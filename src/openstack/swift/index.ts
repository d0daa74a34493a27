/** The Swift client's public surface. */
export * from './client';
export type { BulkDeletePath, BulkDeleteItemResult, BulkDeleteResult } from './bulk';
export type { SwiftInfo } from './info';
export * from './listing';
export * from './fullListing';
export * from './splitListing';
export type { AccountInfo, ContainerInfo, ObjectInfo, MetaTarget } from './metadata';
export { metaHeaders, removeMetaHeaders } from './metadata';
export { containerPath, displayName, encodeContainer, encodeObjectName, encodeSegment, swiftUrl } from './names';
export * from './tempurl';
export type { UploadBody } from './hashedBody';
