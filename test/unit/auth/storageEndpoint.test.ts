import * as assert from 'node:assert/strict';
import { Catalog, Token } from '../../../src/openstack/keystone/token';
import { storageRegions, storageUrlFor } from '../../../src/auth/storageEndpoint';
import { configLocations } from '../../../src/auth/import/locations';
import type { Profile } from '../../../src/auth/profile';

const catalog = new Catalog(
  ['RegionOne', 'RegionTwo', 'RegionThree'].flatMap((region) =>
    (['public', 'internal'] as const).map((iface) => ({
      serviceType: 'object-store',
      region,
      interface: iface,
      url: `https://${iface}.${region}.example/v1/AUTH_p1`,
    })),
  ),
);
const token: Token = { id: 't', authVersion: 'v3', authUrl: 'https://k/v3', project: { id: 'p1' }, roles: [], methods: ['password'], auditIds: [], catalog };
const base: Profile = { id: 'x', name: 'x', authUrl: 'https://k/v3', authVersion: 'v3', authType: 'password', username: 'u' };

describe('auth/storageEndpoint: regions and URLs as clouds.yaml gives them', () => {
  it("shows the profile's regions in its order, else the catalog's with the preferred one first", () => {
    assert.deepEqual(storageRegions({ ...base, regions: ['RegionTwo', 'RegionOne'] }, token), ['RegionTwo', 'RegionOne']);
    assert.deepEqual(storageRegions({ ...base, regions: ['RegionTwo', 'Nowhere'] }, token), ['RegionTwo'], 'a region without an endpoint is left out');
    assert.deepEqual(storageRegions({ ...base, region: 'RegionThree' }, token), ['RegionThree', 'RegionOne', 'RegionTwo']);
  });

  it('honours per-region interface and endpoint override (with the project id), then the profile-wide ones', () => {
    const p: Profile = {
      ...base,
      interface: 'public',
      regions: ['RegionOne', 'RegionTwo', 'RegionThree'],
      regionSettings: { RegionOne: { interface: 'internal' }, RegionTwo: { storageUrl: 'https://two.example/v1/AUTH_%(project_id)s' } },
    };
    assert.equal(storageUrlFor(p, token, 'RegionOne')?.url, 'https://internal.RegionOne.example/v1/AUTH_p1');
    assert.equal(storageUrlFor(p, token, 'RegionTwo')?.url, 'https://two.example/v1/AUTH_p1');
    assert.equal(storageUrlFor(p, token, 'RegionThree')?.url, 'https://public.RegionThree.example/v1/AUTH_p1');
    assert.equal(
      storageUrlFor({ ...base, storageInterface: 'internal', interface: 'public' }, token, 'RegionTwo')?.url,
      'https://internal.RegionTwo.example/v1/AUTH_p1',
    );
    assert.equal(storageUrlFor({ ...base, storageUrl: 'https://o.example/v1/AUTH_{project_id}' }, token, 'RegionTwo')?.url, 'https://o.example/v1/AUTH_p1');
  });
});

describe('auth/import/locations: where openstacksdk looks', () => {
  it('OS_CLIENT_CONFIG_FILE and OS_CLIENT_SECURE_FILE first, then cwd, XDG, ~/.config, site dirs; yaml, yml, json', () => {
    const at = configLocations(
      '/w',
      '/h',
      { OS_CLIENT_CONFIG_FILE: '/o/c.yaml', OS_CLIENT_SECURE_FILE: '/o/s.yaml', XDG_CONFIG_HOME: '/x', XDG_CONFIG_DIRS: '/sx:/other' },
      'linux',
    );
    assert.deepEqual(at.clouds.slice(0, 4), ['/o/c.yaml', '/w/clouds.yaml', '/w/clouds.yml', '/w/clouds.json']);
    assert.deepEqual(
      at.clouds.filter((p) => p.endsWith('.yaml')),
      [
        '/o/c.yaml',
        '/w/clouds.yaml',
        '/x/openstack/clouds.yaml',
        '/h/.config/openstack/clouds.yaml',
        '/sx/openstack/clouds.yaml',
        '/etc/openstack/clouds.yaml',
      ],
    );
    assert.equal(at.secure[0], '/o/s.yaml');
    assert.ok(at.vendor.includes('/h/.config/openstack/clouds-public.yaml'));
    assert.ok(!configLocations(undefined, '/h', {}, 'linux').clouds.some((p) => p.startsWith('/w/')), 'no cwd in Restricted Mode');
  });
});
