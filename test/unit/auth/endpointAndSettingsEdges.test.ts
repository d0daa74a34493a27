// Where a token is sent and which settings a workspace may not set, at their edges: an override for a token
// without a project, the region an override is reported under, a profile-wide storage URL over a catalog without
// object store, a preferred region the catalog lacks, a region literally named "undefined"; settings files that
// parse to nothing or to null.
import * as assert from 'node:assert/strict';
import { Catalog, type Token } from '../../../src/openstack/keystone/token';
import { expandOverride, storageRegions, storageUrlFor } from '../../../src/auth/storageEndpoint';
import { PROFILES_SETTING, userOnlySettingsIn } from '../../../src/auth/userSettings';
import type { Profile } from '../../../src/auth/profile';

const endpoint = (region: string) => ({ serviceType: 'object-store', region, interface: 'public' as const, url: `https://${region}.example/v1/AUTH_p1` });
const tokenWith = (regions: string[]): Token => ({
  id: 't',
  authVersion: 'v3',
  authUrl: 'https://k/v3',
  project: { id: 'p1' },
  roles: [],
  methods: ['password'],
  auditIds: [],
  catalog: new Catalog(regions.map(endpoint)),
});
const base: Profile = { id: 'x', name: 'x', authUrl: 'https://k/v3', authVersion: 'v3', authType: 'password', username: 'u' };

describe('auth/storageEndpoint: edges', () => {
  it('an override for a token without a project gets an empty project, not a crash', () => {
    assert.equal(expandOverride('https://o/v1/AUTH_{project_id}', { ...tokenWith([]), project: undefined }), 'https://o/v1/AUTH_');
  });

  it("an override is reported under the region asked for, else the profile's, else the default ''", () => {
    const token = tokenWith(['R1']);
    const override = { ...base, storageUrl: 'https://o/v1/AUTH_x' };
    assert.equal(storageUrlFor({ ...override, region: 'Pref' }, token, 'R9')?.region, 'R9');
    assert.equal(storageUrlFor({ ...override, region: 'Pref' }, token, undefined)?.region, 'Pref');
    assert.equal(storageUrlFor(override, token, undefined)?.region, '');
  });

  it('no region asked for is not the region named "undefined"', () => {
    const named = {
      ...base,
      storageUrl: 'https://profile.example/v1/A',
      regionSettings: { undefined: { storageUrl: 'https://other.example/v1/B', interface: 'internal' as const } },
    };
    const found = storageUrlFor(named, tokenWith(['R1']), undefined);
    assert.equal(found?.url, 'https://profile.example/v1/A');
    assert.equal(found?.iface, 'public');
  });

  it("a storage URL over a catalog without object store: the profile's region alone, or the default", () => {
    const bare = tokenWith([]);
    assert.deepEqual(storageRegions({ ...base, storageUrl: 'https://o/v1/A', region: 'Mine' }, bare), ['Mine']);
    assert.deepEqual(storageRegions({ ...base, storageUrl: 'https://o/v1/A' }, bare), ['']);
    assert.deepEqual(storageRegions({ ...base, storageUrl: 'https://o/v1/A' }, tokenWith(['R1'])), ['R1'], 'the catalog when it has one');
    assert.deepEqual(storageRegions(base, bare), [], 'no URL anywhere: nothing to show');
  });

  it('a preferred region the catalog lacks is not added', () => {
    assert.deepEqual(storageRegions({ ...base, region: 'Nowhere' }, tokenWith(['R1', 'R2'])), ['R1', 'R2']);
  });
});

describe('auth/userSettings: settings files that hold nothing', () => {
  it('an empty workspace file, or settings that are null, set nothing (and do not throw)', () => {
    assert.deepEqual(userOnlySettingsIn('', true), []);
    assert.deepEqual(userOnlySettingsIn('null', false), []);
    assert.deepEqual(userOnlySettingsIn('{ "settings": null }', true), []);
    assert.deepEqual(userOnlySettingsIn(`{ "settings": { "${PROFILES_SETTING}": [] } }`, true), [PROFILES_SETTING]);
  });
});
