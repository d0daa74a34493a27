/**
 * Every command of the extension, spelled once (by its id after `openstackStorage.`). package.json declares
 * the same commands for menus and the palette; a unit test holds the two lists equal. Pure.
 */
export const COMMAND_IDS = [
  // profiles
  'addProfile',
  'editProfile',
  'removeProfile',
  'importCloudsYaml',
  'importOpenRc',
  'signOut',
  'setProxyPassword',
  'setClientKeyPassphrase',
  // the tree
  'refresh',
  'loadMore',
  'retry',
  'filterByPrefix',
  'clearFilter',
  // tokens
  'showTokenDetails',
  'revealTokenId',
  'revokeToken',
  // objects, documents, clipboard
  'showMetadata',
  'openObject',
  'editObject',
  'copyCurlCommand',
  'copyUrl',
  'copyTempUrl',
  // search, management, transfers
  'searchContainer',
  'createContainer',
  'deleteItems',
  'copyItems',
  'moveItems',
  'renameItem',
  'uploadFiles',
  'uploadFolder',
  'download',
  // metadata and access
  'editMetadata',
  'makePublic',
  'makePrivate',
  'setQuota',
  'enableVersioning',
  'disableVersioning',
  'showVersions',
  // where users look for actions: a signed-in terminal, object tabs, names, the browser, the Explorer
  'openSignedInTerminal',
  'revealInTree',
  'copyName',
  'copyPath',
  'openInBrowser',
  'createFolder',
  'openAsWorkspaceFolder',
  'uploadToOpenStack',
  // sync (issue 20)
  'syncFolder',
  'syncAgain',
  // static websites and delivery settings (issue 20)
  'openWebsite',
  'editWebsite',
  'editCors',
  'setExpiry',
] as const;

/** Commands that only the extension itself runs (not in package.json): a drop onto the tree uploads (or, of tree rows, copies) through these. */
export const INTERNAL_COMMAND_IDS = ['uploadPaths', 'copyDropped'] as const;

export type CommandId = (typeof COMMAND_IDS)[number] | (typeof INTERNAL_COMMAND_IDS)[number];

/** The full command id, as VS Code and package.json know it. */
export function commandId(id: CommandId): string {
  return `openstackStorage.${id}`;
}

/** The tree view's id (package.json `views`): short reads show their progress in it. */
export const VIEW_ID = 'openstackStorage.explorer';
