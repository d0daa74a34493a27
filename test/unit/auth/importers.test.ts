import * as assert from 'node:assert/strict';
import { ImportError, cloudsYamlSearchPath, importSummary, parseCloudsYaml, parseOpenRc, profileFromVariables } from '../../../src/auth/importers';

describe('clouds.yaml import', () => {
  const clouds = `
clouds:
  prod:
    auth:
      auth_url: https://keystone.example.com:5000/v3
      username: alice
      project_name: web
      user_domain_name: Users
      project_domain_name: Projects
    region_name: RegionTwo
    interface: internal
    identity_api_version: 3
    cacert: /etc/ssl/cloud.pem
  appcred:
    auth_type: v3applicationcredential
    auth:
      auth_url: https://keystone.example.com:5000
      application_credential_id: abc123
      application_credential_secret: s3cret-value
    regions: [RegionOne, RegionTwo]
    verify: false
`;
  const secure = `
clouds:
  prod:
    auth:
      password: "p@ss word"
`;

  it('reads every cloud with its fields', () => {
    const [prod, appcred] = parseCloudsYaml(clouds).imported;
    assert.equal(prod.cloud, 'prod');
    assert.deepEqual(prod.profile, {
      name: 'prod',
      authUrl: 'https://keystone.example.com:5000/v3',
      authVersion: 'v3',
      authType: 'password',
      username: 'alice',
      userDomain: 'Users',
      project: 'web',
      projectDomain: 'Projects',
      region: 'RegionTwo',
      interface: 'internal',
      caFile: '/etc/ssl/cloud.pem',
    });
    assert.equal(prod.secret, undefined);
    assert.equal(prod.asksForSecret, true);
    assert.equal(appcred.profile.authType, 'applicationCredential');
    assert.equal(appcred.profile.applicationCredentialId, 'abc123');
    assert.equal(appcred.secret, 's3cret-value');
    assert.equal(appcred.profile.region, 'RegionOne');
    assert.equal(appcred.profile.insecure, true);
  });

  it('merges secure.yaml secrets', () => {
    const [prod] = parseCloudsYaml(clouds, secure).imported;
    assert.equal(prod.secret, 'p@ss word');
    assert.equal(prod.asksForSecret, false);
  });

  it('explains malformed files instead of crashing', () => {
    assert.throws(
      () => parseCloudsYaml('clouds: [unclosed'),
      (e: unknown) => e instanceof ImportError && /not valid YAML/.test(e.message),
    );
    assert.throws(() => parseCloudsYaml('- a\n- b\n'), /mapping/);
    assert.throws(() => parseCloudsYaml('other: 1\n'), /no "clouds:" section/);
    assert.match(parseCloudsYaml('clouds:\n  x:\n    auth: {}\n').skipped[0].reason, /"x".*auth_url/);
    assert.throws(() => parseCloudsYaml('x'.repeat(1024 * 1024 + 1)), /larger than 1 MiB/);
  });

  it('refuses alias bombs', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 0; i < 12; i++)
      bomb.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
      );
    assert.throws(() => parseCloudsYaml(bomb.join('\n')), ImportError);
  });

  it('searches the standard locations, OS_CLIENT_CONFIG_FILE first', () => {
    assert.deepEqual(
      cloudsYamlSearchPath('/w', '/home/u', {}, 'linux').filter((p) => p.endsWith('.yaml')),
      ['/w/clouds.yaml', '/home/u/.config/openstack/clouds.yaml', '/etc/xdg/openstack/clouds.yaml', '/etc/openstack/clouds.yaml'],
    );
    assert.equal(cloudsYamlSearchPath('/w', '/h', { OS_CLIENT_CONFIG_FILE: '/x.yaml' })[0], '/x.yaml');
  });
});

describe('OpenRC import', () => {
  it('reads a Horizon v3 OpenRC file and knows it prompts for the password', () => {
    const rc = `#!/usr/bin/env bash
export OS_AUTH_URL=https://keystone.example.com:5000/v3
export OS_PROJECT_ID=0123abcd
export OS_PROJECT_NAME="web team"
export OS_USER_DOMAIN_NAME="Default"
if [ -z "$OS_USER_DOMAIN_NAME" ]; then unset OS_USER_DOMAIN_NAME; fi
export OS_PROJECT_DOMAIN_ID="default"
unset OS_TENANT_ID
export OS_USERNAME="alice"
echo "Please enter your OpenStack Password for project $OS_PROJECT_NAME as user $OS_USERNAME: "
read -sr OS_PASSWORD_INPUT
export OS_PASSWORD=$OS_PASSWORD_INPUT
export OS_REGION_NAME="RegionOne"
export OS_INTERFACE=public
export OS_IDENTITY_API_VERSION=3
`;
    const imported = parseOpenRc(rc);
    assert.equal(imported.asksForSecret, true);
    assert.equal(imported.secret, undefined);
    assert.equal(imported.profile.name, 'web team');
    assert.equal(imported.profile.project, 'web team');
    assert.equal(imported.profile.projectId, '0123abcd');
    assert.equal(imported.profile.projectDomainId, 'default');
    assert.equal(imported.profile.userDomain, 'Default');
    assert.equal(imported.profile.username, 'alice');
    assert.equal(imported.profile.authVersion, 'v3');
    assert.equal(imported.profile.interface, 'public');
  });

  it('takes quoted values literally and expands earlier variables', () => {
    const rc = `export OS_AUTH_URL='http://k:5000/v3'\nexport BASE=team\nexport OS_PROJECT_NAME="$BASE-a"\nexport OS_USERNAME='it''s'\nexport OS_PASSWORD='$(rm -rf /)'\n`;
    const imported = parseOpenRc(rc);
    assert.equal(imported.profile.project, 'team-a');
    assert.equal(imported.secret, '$(rm -rf /)');
    assert.equal(imported.asksForSecret, false);
  });

  it('reads application credential and token OpenRC files', () => {
    const app = parseOpenRc(
      'export OS_AUTH_TYPE=v3applicationcredential\nexport OS_AUTH_URL=http://k/v3\nexport OS_APPLICATION_CREDENTIAL_ID=id1\nexport OS_APPLICATION_CREDENTIAL_SECRET=sec\n',
    );
    assert.equal(app.profile.authType, 'applicationCredential');
    assert.equal(app.secret, 'sec');
    const token = profileFromVariables({ OS_AUTH_URL: 'http://k/v3', OS_AUTH_TOKEN: 'tok', OS_PROJECT_ID: 'p' }, 'Environment')!;
    assert.equal(token.profile.authType, 'token');
    assert.equal(token.secret, 'tok');
  });

  it('reads swift CLI v1 variables', () => {
    const v1 = profileFromVariables({ ST_AUTH: 'http://s:8080/auth/v1.0', ST_USER: 'test:tester', ST_KEY: 'testing' }, 'Environment')!;
    assert.equal(v1.profile.authVersion, 'v1');
    assert.equal(v1.profile.authType, 'v1');
    assert.equal(v1.profile.username, 'test:tester');
    assert.equal(v1.secret, 'testing');
  });

  it('says clearly when a file is not an OpenRC file', () => {
    assert.throws(() => parseOpenRc('echo hello\n'), /No OS_AUTH_URL/);
    assert.equal(profileFromVariables({ PATH: '/bin' }, 'Environment'), undefined);
  });
});

describe('clouds.yaml import summary', () => {
  it('names what was imported, what was skipped and why, and every field not carried over', () => {
    const read = parseCloudsYaml(
      'clouds:\n  a:\n    auth: {auth_url: "http://k/v3", username: u}\n    image_format: raw\n  b:\n    auth_type: v3samlpassword\n    auth: {auth_url: "http://k/v3"}\n  c:\n    auth: {auth_url: "http://k/v3", username: u}\n',
      undefined,
      '/h/clouds.yaml',
    );
    assert.equal(
      importSummary('/h/clouds.yaml', read, { imported: ['a'], notImported: [{ cloud: 'c', reason: 'Keystone said no.' }] }),
      'Imported from /h/clouds.yaml: "a". Skipped: Cloud "b" in /h/clouds.yaml uses auth_type v3samlpassword (SAML sign-in), which this extension does not support: ' +
        'use a password, an application credential or a token. Cloud "c": Keystone said no. Not carried over from "a": image_format.',
    );
    assert.match(importSummary('/h/clouds.yaml', read, { imported: [] }), /^Nothing was imported from \/h\/clouds\.yaml\. Skipped: Cloud "b"/);
  });
});
