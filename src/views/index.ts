/** The storage explorer: the lead calls `createStorageTreeView`; commands receive the node classes. */
export { createStorageTreeView, treeCommands, VIEW_ID } from './treeCommands';
export { StorageTree } from './storageTree';
export type { StorageTreeOptions } from './storageTree';
export * from './nodes';
