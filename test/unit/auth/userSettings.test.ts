import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  PROFILES_SETTING,
  TOKEN_STYLE_SETTING,
  USER_ONLY_SETTINGS,
  profilesOf,
  userOnlySettingsIn,
  userValue,
  workspaceLayersSetting,
} from '../../../src/auth/userSettings';

describe('user-only settings: what a workspace may not set', () => {
  const userProfiles = [{ id: 'mine', name: 'Mine', authUrl: 'https://keystone.example/v3' }];
  const repositoryProfiles = [{ id: 'mine', name: 'Mine', authUrl: 'http://127.0.0.1:1/v3', insecure: true }];

  it('reads the user value only, whatever a workspace or folder sets', () => {
    assert.deepEqual(userValue({ globalValue: userProfiles, workspaceValue: repositoryProfiles, workspaceFolderValue: repositoryProfiles }), userProfiles);
    assert.equal(userValue({ workspaceValue: repositoryProfiles }), undefined, "no user value: nothing, not the workspace's");
    assert.equal(userValue({ workspaceFolderLanguageValue: 'inline', workspaceLanguageValue: 'inline' }), undefined);
    assert.equal(userValue(undefined), undefined);
  });

  it('names every layer that tries to set one', () => {
    assert.deepEqual(workspaceLayersSetting({ globalValue: 1 }), []);
    assert.deepEqual(workspaceLayersSetting(undefined), []);
    assert.deepEqual(
      workspaceLayersSetting({ globalValue: 1, workspaceValue: 2, workspaceFolderValue: 3, workspaceLanguageValue: 4, workspaceFolderLanguageValue: 5 }),
      ['workspace', 'workspace folder', 'workspace (language)', 'workspace folder (language)'],
    );
    assert.deepEqual(workspaceLayersSetting({ workspaceFolderValue: false }), ['workspace folder'], 'false is a value');
  });

  it('covers profiles and the curl token style', () => {
    assert.deepEqual([...USER_ONLY_SETTINGS].sort(), [TOKEN_STYLE_SETTING, PROFILES_SETTING].sort());
  });

  it('are declared application-scoped (the editor ignores workspace values too) and restricted in untrusted workspaces', () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8'));
    const declared = manifest.contributes.configuration.properties as Record<string, { scope?: string }>;
    for (const key of USER_ONLY_SETTINGS) assert.equal(declared[key]?.scope, 'application', key);
    const untrusted = manifest.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, 'limited');
    assert.deepEqual([...untrusted.restrictedConfigurations].sort(), Object.keys(declared).sort(), 'every setting of the extension is restricted');
    assert.equal(manifest.capabilities.virtualWorkspaces, true);
  });

  it('keeps only profile objects with an id', () => {
    assert.deepEqual(profilesOf(undefined), []);
    assert.deepEqual(profilesOf('x'), []);
    assert.deepEqual(profilesOf([null, 3, 'a', {}, { id: '' }, { id: 7 }, { id: 'ok', name: 'Ok' }]), [{ id: 'ok', name: 'Ok' }]);
  });

  it('finds the settings in a folder settings file as the editor reads it (comments, trailing commas)', () => {
    const text = `// a repository's settings
{
  /* looks harmless */ "editor.tabSize": 2,
  "openstackStorage.profiles": [{ "id": "mine", "authUrl": "http://127.0.0.1:1/v3", }],
  "openstackStorage.curl.tokenStyle": "inline",
}`;
    assert.deepEqual(userOnlySettingsIn(text, false), [PROFILES_SETTING, TOKEN_STYLE_SETTING]);
  });

  it("reads a workspace file's settings section, and nothing else", () => {
    const workspaceFile = JSON.stringify({ folders: [{ path: '.' }], settings: { [PROFILES_SETTING]: [] } });
    assert.deepEqual(userOnlySettingsIn(workspaceFile, true), [PROFILES_SETTING]);
    assert.deepEqual(userOnlySettingsIn(workspaceFile, false), [], 'as a folder settings file its top level has no such key');
    assert.deepEqual(userOnlySettingsIn(JSON.stringify({ folders: [], [PROFILES_SETTING]: [] }), true), [], 'outside "settings" it is not a setting');
  });

  it('is not fooled by a mention in a comment, a string or a nested object, and survives garbage', () => {
    assert.deepEqual(userOnlySettingsIn('{ // "openstackStorage.profiles": []\n "a": "openstackStorage.profiles" }', false), []);
    assert.deepEqual(userOnlySettingsIn('{ "other": { "openstackStorage.profiles": [] } }', false), []);
    assert.deepEqual(userOnlySettingsIn('[1, 2]', false), []);
    assert.deepEqual(userOnlySettingsIn('', false), []);
    assert.deepEqual(userOnlySettingsIn('{ "settings": "x" }', true), []);
    assert.deepEqual(userOnlySettingsIn('not json at all', false), []);
  });
});
