/**
 * A profile's name is the user's text, like an object's name: wherever it shows (tree label and tooltips,
 * status bar, messages, terminal name) a direction control or a line break is escaped, never acted on.
 */
import * as assert from 'node:assert/strict';
import { Profile, credentialsFor } from '../../../src/auth/profile';
import { noTempUrlKeyMessage } from '../../../src/commands/clipboardOptions';
import { terminalName } from '../../../src/commands/terminalEnvironment';
import { codeNeededMessage, tokenStatus } from '../../../src/documents/renderStatus';
import { Catalog, type Token } from '../../../src/openstack/keystone/token';
import { describeError } from '../../../src/openstack/errors';
import { ChildLister, ProfileNode, RegionNode } from '../../../src/views/nodes';
import { itemView } from '../../../src/views/presentation';

/** "evil" then a right-to-left override ("txt.exe" shown as "exe.txt"), then a second line. */
const EVIL = 'evil\u202Etxt.exe\nsecond line';
const RAW = /[\u202E\n]/;

const profile: Profile = { id: 'p', name: EVIL, authUrl: 'https://k.example.com/v3', authVersion: 'v3', authType: 'password', username: 'u' };
const lister: ChildLister = { page: async () => ({ items: [], nextMarker: undefined }) };

describe('profile names are shown escaped', () => {
  it('tree: the profile label and the tooltips of the profile and its regions', () => {
    const node = new ProfileNode(profile, 'settings', [], true, lister);
    const v = itemView(node, describeError);
    assert.equal(v.label, 'evil⟨U+202E⟩txt.exe⏎second line');
    const region = itemView(new RegionNode(node, 'RegionOne', 'https://swift.example.com/v1/AUTH_x', true, lister), describeError);
    for (const text of [v.label, JSON.stringify(v.tooltip), JSON.stringify(region.tooltip)]) {
      assert.doesNotMatch(String(text).replace(/\\n/g, ''), RAW, String(text));
    }
    assert.match(JSON.stringify(region.tooltip), /Profile: evil⟨U\+202E⟩txt\.exe⏎second line/);
  });

  it('status bar text and tooltip, and the one-time-code notice', () => {
    const token: Token = {
      id: 't',
      authVersion: 'v3',
      authUrl: 'https://k/v3',
      expiresAt: new Date(10 * 60_000),
      roles: [],
      methods: ['password'],
      auditIds: [],
      catalog: new Catalog(),
    };
    const status = tokenStatus(EVIL, token, 0);
    assert.doesNotMatch(status.text, RAW);
    assert.match(status.text, /evil⟨U\+202E⟩txt\.exe⏎second line/);
    assert.doesNotMatch(status.tooltip.split('\n\n')[0], RAW);
    assert.doesNotMatch(tokenStatus(EVIL, undefined, 0).text, RAW);
    const notice = codeNeededMessage(EVIL, token, 0);
    assert.ok(notice.startsWith('Profile "evil\\u202etxt.exe\\nsecond line": its token'), notice);
  });

  it('messages quote it escaped; a plain name reads as before', () => {
    assert.match(noTempUrlKeyMessage(EVIL, 'RegionOne'), /of profile "evil\\u202etxt\.exe\\nsecond line" in region/);
    assert.doesNotMatch(noTempUrlKeyMessage(EVIL, 'RegionOne'), RAW);
    assert.match(noTempUrlKeyMessage('demo', 'RegionOne'), /of profile "demo" in region/);
    assert.throws(
      () => credentialsFor({ ...profile, authType: 'storageToken' }, 's'),
      (e: Error) => !RAW.test(e.message) && e.message.includes('"evil\\u202etxt.exe\\nsecond line"'),
    );
  });

  it('the terminal name', () => {
    assert.equal(terminalName({ name: EVIL, region: 'Region\u202EOne' }), 'OpenStack: evil⟨U+202E⟩txt.exe⏎second line (Region⟨U+202E⟩One)');
  });
});
