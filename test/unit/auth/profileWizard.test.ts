import * as assert from 'node:assert/strict';
import { Profile, profileProblems } from '../../../src/auth/profile';
import {
  PICK_FIELDS,
  WizardField,
  WizardState,
  answer,
  choices,
  initialChoice,
  initialState,
  initialValue,
  profileOf,
  secretOf,
  validate,
  wizardSteps,
} from '../../../src/auth/profileWizard';

/** Answers the steps in order, as a user typing `answers[field]` at each (a missing one: the value shown). */
function walk(state: WizardState, answers: Partial<Record<WizardField, string>>): { state: WizardState; asked: WizardField[] } {
  const asked: WizardField[] = [];
  for (let i = 0; i < wizardSteps(state).length; i++) {
    const field = wizardSteps(state)[i];
    asked.push(field);
    const value = answers[field] ?? (PICK_FIELDS.has(field) ? initialChoice(field, state) : initialValue(field, state));
    assert.equal(validate(field, value, state), undefined, `${field} = ${JSON.stringify(value)}`);
    state = answer(state, field, value);
  }
  return { state, asked };
}

const fresh = () => initialState(undefined, ['Taken']);

describe('profile wizard steps', () => {
  it('a Keystone password profile: name, URL, type, user, domains, project, password, then Sign in or Advanced', () => {
    const { state, asked } = walk(fresh(), {
      name: ' Local demo ',
      authUrl: 'http://127.0.0.1:5000/v3',
      authType: 'password',
      username: 'demo',
      userDomain: 'Users',
      project: 'demo',
      secret: 'p"w\\%é',
      advanced: 'save',
    });
    assert.deepEqual(asked, ['name', 'authUrl', 'authType', 'username', 'userDomain', 'project', 'projectDomain', 'secret', 'advanced']);
    const profile = profileOf(state, 'local-demo-1');
    assert.deepEqual(profile, {
      id: 'local-demo-1',
      name: 'Local demo',
      authUrl: 'http://127.0.0.1:5000/v3',
      authVersion: 'auto',
      authType: 'password',
      username: 'demo',
      userDomain: 'Users',
      project: 'demo',
      // The project's domain defaults to the user's, as Keystone's own clients do.
      projectDomain: 'Users',
    });
    assert.deepEqual(profileProblems(profile), []);
    assert.equal(secretOf(state), 'p"w\\%é');
    assert.ok(!JSON.stringify(profile).includes('p"w'), 'the secret is not in the profile');
  });

  it('no project: no project-domain step, and no project fields in the profile', () => {
    const { state, asked } = walk(fresh(), { name: 'A', authUrl: 'http://k/v3', username: 'u', secret: 's' });
    assert.ok(!asked.includes('projectDomain'));
    assert.deepEqual(profileOf(state, 'a').project, undefined);
    assert.equal('projectDomain' in profileOf(state, 'a'), false);
  });

  it('application credential, token and Swift v1 each ask only their own fields', () => {
    const base = { name: 'A', authUrl: 'http://k/v3', secret: 's' };
    const app = walk(fresh(), { ...base, authType: 'applicationCredential', applicationCredentialId: 'ac1' });
    assert.deepEqual(app.asked, ['name', 'authUrl', 'authType', 'applicationCredentialId', 'secret', 'advanced']);
    assert.equal(profileOf(app.state, 'a').applicationCredentialId, 'ac1');
    assert.deepEqual(profileProblems(profileOf(app.state, 'a')), []);

    const token = walk(fresh(), { ...base, authType: 'token', project: 'p' });
    assert.deepEqual(token.asked, ['name', 'authUrl', 'authType', 'project', 'projectDomain', 'secret', 'advanced']);
    assert.deepEqual(
      { project: profileOf(token.state, 'a').project, projectDomain: profileOf(token.state, 'a').projectDomain },
      { project: 'p', projectDomain: 'Default' },
    );

    const v1 = walk(fresh(), { ...base, authUrl: 'http://s:8080/auth/v1.0', authType: 'v1', username: 'test:tester', advanced: 'advanced' });
    // Swift v1 has no catalog: Advanced offers only the TLS settings.
    assert.deepEqual(v1.asked, ['name', 'authUrl', 'authType', 'username', 'secret', 'advanced', 'caFile', 'insecure']);
    const p = profileOf(v1.state, 'a');
    assert.equal(p.authVersion, 'v1');
    assert.equal(p.username, 'test:tester');
    assert.deepEqual(profileProblems(p), []);
  });

  it('Keystone v2.0: Advanced sets the auth version, region, interface, CA file and insecure', () => {
    const { state, asked } = walk(fresh(), {
      name: 'Old cloud',
      authUrl: 'https://k:5000/v2.0',
      username: 'u',
      project: 't',
      secret: 's',
      advanced: 'advanced',
      authVersion: 'v2.0',
      region: 'RegionTwo',
      interface: 'internal',
      caFile: '/etc/ssl/my-ca.pem',
      insecure: 'insecure',
    });
    assert.deepEqual(asked.slice(-6), ['advanced', 'authVersion', 'region', 'interface', 'caFile', 'insecure']);
    const p = profileOf(state, 'o');
    assert.deepEqual(
      { authVersion: p.authVersion, region: p.region, interface: p.interface, caFile: p.caFile, insecure: p.insecure },
      { authVersion: 'v2.0', region: 'RegionTwo', interface: 'internal', caFile: '/etc/ssl/my-ca.pem', insecure: true },
    );
    // The defaults leave the settings out: "public" and certificate checks are what no setting means.
    const plain = walk(fresh(), { name: 'B', authUrl: 'https://k/v3', username: 'u', secret: 's', advanced: 'advanced' }).state;
    const q = profileOf(plain, 'b');
    assert.deepEqual([q.interface, q.insecure, q.caFile, q.region, q.authVersion], [undefined, undefined, undefined, undefined, 'auto']);
  });

  it('going back and changing the auth type drops the fields of the type left, and v1 gives the version back', () => {
    let state = walk(fresh(), { name: 'A', authUrl: 'http://s/auth/v1.0', authType: 'v1', username: 'acct:user', secret: 's' }).state;
    assert.equal(state.draft.authVersion, 'v1');
    state = answer(state, 'authType', 'applicationCredential');
    assert.equal(state.draft.authVersion, 'auto');
    state = answer(state, 'applicationCredentialId', 'ac');
    const p = profileOf(state, 'a');
    assert.equal(p.username, undefined, 'the v1 user is not kept');
    assert.equal(p.applicationCredentialId, 'ac');
    // A step's value is the answer given before: Back shows it again.
    assert.equal(initialValue('name', state), 'A');
    assert.equal(initialValue('secret', state), 's');
  });

  it('validates as the user types: empty or taken name, malformed auth URL (never echoing a password), relative CA file', () => {
    const s = fresh();
    assert.deepEqual(validate('name', '  ', s), { code: 'nameEmpty' });
    assert.deepEqual(validate('name', ' Taken ', s), { code: 'nameTaken' });
    assert.equal(validate('name', 'New', s), undefined);
    for (const url of ['', 'keystone:5000', 'ftp://k/v3', 'http://[::1', 'https://bob:hunter2@k/v3']) {
      const problem = validate('authUrl', url, s);
      assert.equal(problem?.code, 'authUrl', url);
      assert.ok(problem.code === 'authUrl' && !problem.detail.includes('hunter2'), problem.code === 'authUrl' ? problem.detail : '');
    }
    assert.equal(validate('authUrl', 'https://keystone.example.com:5000/v3', s), undefined);
    assert.deepEqual(validate('username', '', s), { code: 'required' });
    assert.equal(validate('userDomain', '', s), undefined, 'optional');
    assert.deepEqual(validate('secret', '', s), { code: 'secretEmpty' });
    assert.deepEqual(validate('caFile', 'certs/ca.pem', s), { code: 'caFileRelative' });
    assert.equal(validate('caFile', '', s), undefined);
    assert.deepEqual(validate('authType', 'totp', s), { code: 'required' }, 'only the offered types');
    assert.deepEqual(choices('interface'), ['public', 'internal', 'admin']);
  });

  it('editing: starts from the profile, keeps its id-less fields and advanced settings; an empty secret keeps the stored one', () => {
    const existing: Profile = {
      id: 'p1',
      name: 'Mine',
      authUrl: 'https://k/v3',
      authVersion: 'v3',
      authType: 'password',
      username: 'u',
      userDomain: 'Default',
      region: 'RegionTwo',
      caFile: '/ca.pem',
      regions: ['RegionTwo'],
    };
    const start = initialState(existing, []);
    assert.equal(validate('name', 'Mine', start), undefined, 'its own name is not taken');
    const { state } = walk(start, {});
    assert.equal(secretOf(state), undefined);
    assert.deepEqual(profileOf(state, 'p1'), existing);
    assert.equal(secretOf(walk(start, { secret: 'new' }).state), 'new');
  });

  it('a profile of a type the wizard does not offer is edited as a password profile', () => {
    const s = initialState({ id: 'x', name: 'T', authUrl: 'https://k/v3', authVersion: 'auto', authType: 'totp', username: 'u' }, []);
    assert.equal(s.draft.authType, 'password');
  });
});
