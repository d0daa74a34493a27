/**
 * Which settings a workspace may not set. A repository's `.vscode/settings.json` (or a `.code-workspace`
 * file) is written by whoever wrote the repository: a setting that decides where a password or token is
 * sent, or how TLS is checked, is read from the user's own settings only. No `vscode` import here.
 */
import { parse, type ParseError } from 'jsonc-parser';
import type { Profile } from './profile';

export const PROFILES_SETTING = 'openstackStorage.profiles';
export const TOKEN_STYLE_SETTING = 'openstackStorage.curl.tokenStyle';

/**
 * Read from the user's own settings only: profiles hold auth URLs, auth types, CA files and `insecure`;
 * the token style decides whether a copied command carries the token itself into a shell's history.
 */
export const USER_ONLY_SETTINGS: readonly string[] = [PROFILES_SETTING, TOKEN_STYLE_SETTING];

/** The layers of `WorkspaceConfiguration.inspect()` that can hold a value. */
export interface SettingLayers<T> {
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
  globalLanguageValue?: T;
  workspaceLanguageValue?: T;
  workspaceFolderLanguageValue?: T;
}

/** The user's own value: never a workspace's or a folder's, whatever the editor merged. */
export function userValue<T>(layers: SettingLayers<T> | undefined): T | undefined {
  return layers?.globalValue;
}

/** Which layers other than the user's own set a value (all of them ignored). */
export function workspaceLayersSetting(layers: SettingLayers<unknown> | undefined): string[] {
  if (!layers) return [];
  const named: Array<[keyof SettingLayers<unknown>, string]> = [
    ['workspaceValue', 'workspace'],
    ['workspaceFolderValue', 'workspace folder'],
    ['workspaceLanguageValue', 'workspace (language)'],
    ['workspaceFolderLanguageValue', 'workspace folder (language)'],
  ];
  return named.filter(([key]) => layers[key] !== undefined).map(([, where]) => where);
}

/** The profiles of a settings value, dropping anything that is not an object with a string id. */
export function profilesOf(value: unknown): Partial<Profile>[] {
  if (!Array.isArray(value)) return [];
  return value.filter((p): p is Partial<Profile> => !!p && typeof p === 'object' && typeof (p as Profile).id === 'string' && !!(p as Profile).id);
}

/**
 * The user-only settings that a workspace settings file sets: a folder's `.vscode/settings.json`
 * (`inWorkspaceFile` false) or the `settings` of a `.code-workspace` file. Read as the editor reads them
 * (JSON with comments and trailing commas); a file that does not parse sets nothing.
 */
export function userOnlySettingsIn(text: string, inWorkspaceFile: boolean): string[] {
  const errors: ParseError[] = [];
  const parsed: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false });
  const settings = inWorkspaceFile ? (parsed as { settings?: unknown } | undefined)?.settings : parsed;
  if (!settings || typeof settings !== 'object' || Array.isArray(settings)) return [];
  return USER_ONLY_SETTINGS.filter((key) => Object.prototype.hasOwnProperty.call(settings, key));
}
