/**
 * The profile wizard's steps, without the editor: which questions a profile of each kind needs, in which
 * order, what each answer must look like, and the profile the answers make. The editor side (commands/
 * profileWizardUi.ts) only shows a step, says its texts and reports the answer or Back. No `vscode` import.
 */
import { isAbsolute } from 'node:path';
import type { AuthVersionChoice } from '../openstack/keystone';
import type { EndpointInterface } from '../openstack/keystone/token';
import { AuthType, Profile, authUrlProblems } from './profile';

/** One question of the wizard; each is a field of the profile, except the secret and the Advanced choice. */
export type WizardField =
  | 'name'
  | 'authUrl'
  | 'authType'
  | 'username'
  | 'userDomain'
  | 'project'
  | 'projectDomain'
  | 'applicationCredentialId'
  | 'secret'
  | 'advanced'
  | 'authVersion'
  | 'region'
  | 'interface'
  | 'caFile'
  | 'insecure';

/** The questions answered by picking one item; the others are typed. */
export const PICK_FIELDS: ReadonlySet<WizardField> = new Set(['authType', 'advanced', 'authVersion', 'interface', 'insecure']);

/** The auth types the wizard offers (TOTP and pre-authenticated profiles come from imports and settings). */
export const WIZARD_AUTH_TYPES: readonly AuthType[] = ['password', 'applicationCredential', 'token', 'v1'];

/** What an answer to the Advanced question can be. */
export type AdvancedChoice = 'save' | 'advanced';

export interface WizardState {
  draft: Partial<Profile>;
  /** The typed secret, kept while the user goes back and forth; never saved anywhere but SecretStorage. */
  secret: string;
  /** Whether the user asked for the Advanced steps. */
  advanced: boolean;
  /** Editing keeps the stored secret when the secret step is left empty. */
  editing: boolean;
  /** Names of the other profiles: a new name must differ. */
  otherNames: ReadonlySet<string>;
}

/** Why an answer is refused: a code the editor side words (and translates); `detail` is already a sentence. */
export type WizardProblem =
  | { code: 'nameEmpty' }
  | { code: 'nameTaken' }
  | { code: 'authUrl'; detail: string }
  | { code: 'required' }
  | { code: 'secretEmpty' }
  | { code: 'caFileRelative' };

/** The wizard's first state: a new profile (password, auth version from the URL) or the one being edited. */
export function initialState(existing: Profile | undefined, otherNames: Iterable<string>, prefill?: Partial<Profile>): WizardState {
  const draft: Partial<Profile> = { authVersion: 'auto', authType: 'password', ...existing, ...prefill };
  if (!WIZARD_AUTH_TYPES.includes(draft.authType as AuthType)) draft.authType = 'password';
  return { draft, secret: '', advanced: false, editing: existing !== undefined, otherNames: new Set(otherNames) };
}

/** The questions, in order, for what has been answered so far (the list changes with the auth type and Advanced). */
export function wizardSteps(state: WizardState): WizardField[] {
  const { draft } = state;
  const steps: WizardField[] = ['name', 'authUrl', 'authType'];
  switch (draft.authType) {
    case 'v1':
      steps.push('username');
      break;
    case 'applicationCredential':
      steps.push('applicationCredentialId');
      break;
    case 'token':
      steps.push('project');
      if (draft.project) steps.push('projectDomain');
      break;
    default:
      steps.push('username', 'userDomain', 'project');
      if (draft.project) steps.push('projectDomain');
  }
  steps.push('secret', 'advanced');
  if (state.advanced) {
    // Swift v1 has one auth version and no catalog: no version, region or interface to choose.
    if (draft.authType !== 'v1') steps.push('authVersion', 'region', 'interface');
    steps.push('caFile', 'insecure');
  }
  return steps;
}

/** Fields the user may leave empty. */
const OPTIONAL: ReadonlySet<WizardField> = new Set(['userDomain', 'project', 'projectDomain', 'region', 'caFile']);

export function isOptional(field: WizardField, state: WizardState): boolean {
  return OPTIONAL.has(field) || (field === 'secret' && state.editing);
}

/** The text an input step starts with: the answer given before, else a default. Never the stored secret. */
export function initialValue(field: WizardField, state: WizardState): string {
  const { draft } = state;
  switch (field) {
    case 'secret':
      return state.secret;
    case 'userDomain':
      return draft.userDomain ?? 'Default';
    case 'projectDomain':
      return draft.projectDomain ?? (draft.authType === 'token' ? 'Default' : (draft.userDomain ?? 'Default'));
    case 'name':
    case 'authUrl':
    case 'username':
    case 'project':
    case 'applicationCredentialId':
    case 'region':
    case 'caFile':
      return draft[field] ?? '';
    default:
      return '';
  }
}

/** The item a pick step starts on. */
export function initialChoice(field: WizardField, state: WizardState): string {
  const { draft } = state;
  switch (field) {
    case 'authType':
      return draft.authType ?? 'password';
    case 'advanced':
      return state.advanced ? 'advanced' : 'save';
    case 'authVersion':
      return draft.authVersion && draft.authVersion !== 'v1' ? draft.authVersion : 'auto';
    case 'interface':
      return draft.interface ?? 'public';
    case 'insecure':
      return draft.insecure ? 'insecure' : 'verify';
    default:
      return '';
  }
}

/** The ids of a pick step's items, in display order. */
export function choices(field: WizardField): readonly string[] {
  switch (field) {
    case 'authType':
      return WIZARD_AUTH_TYPES;
    case 'advanced':
      return ['save', 'advanced'] satisfies AdvancedChoice[];
    case 'authVersion':
      return ['auto', 'v3', 'v2.0'] satisfies AuthVersionChoice[];
    case 'interface':
      return ['public', 'internal', 'admin'] satisfies EndpointInterface[];
    case 'insecure':
      return ['verify', 'insecure'];
    default:
      return [];
  }
}

/** What is wrong with `value` as the answer to `field` (checked as the user types), or undefined. */
export function validate(field: WizardField, value: string, state: WizardState): WizardProblem | undefined {
  const trimmed = value.trim();
  switch (field) {
    case 'name':
      if (!trimmed) return { code: 'nameEmpty' };
      return state.otherNames.has(trimmed) ? { code: 'nameTaken' } : undefined;
    case 'authUrl': {
      const problem = authUrlProblems(value)[0];
      return problem ? { code: 'authUrl', detail: problem } : undefined;
    }
    case 'secret':
      return !value && !state.editing ? { code: 'secretEmpty' } : undefined;
    case 'caFile':
      return trimmed && !isAbsolute(trimmed) ? { code: 'caFileRelative' } : undefined;
    default:
      if (PICK_FIELDS.has(field)) return choices(field).includes(value) ? undefined : { code: 'required' };
      return !trimmed && !isOptional(field, state) ? { code: 'required' } : undefined;
  }
}

/** The state after `value` answered `field` (an item id for a pick step). The answer must have passed validate(). */
export function answer(state: WizardState, field: WizardField, value: string): WizardState {
  const draft = { ...state.draft };
  const trimmed = value.trim();
  const next = { ...state, draft };
  switch (field) {
    case 'secret':
      next.secret = value;
      break;
    case 'advanced':
      next.advanced = value === 'advanced';
      break;
    case 'authType':
      draft.authType = value as AuthType;
      // v1 is both an auth type and a version; leaving v1 gives the version back to the URL.
      draft.authVersion = value === 'v1' ? 'v1' : draft.authVersion === 'v1' || !draft.authVersion ? 'auto' : draft.authVersion;
      break;
    case 'authVersion':
      draft.authVersion = value as AuthVersionChoice;
      break;
    case 'interface':
      draft.interface = value === 'public' ? undefined : (value as EndpointInterface);
      break;
    case 'insecure':
      draft.insecure = value === 'insecure' ? true : undefined;
      break;
    case 'userDomain':
    case 'projectDomain':
      draft[field] = trimmed || 'Default';
      break;
    default:
      draft[field] = trimmed || undefined;
  }
  return next;
}

/**
 * The profile the answers make, with only the fields its auth type uses (answers given for another type, before
 * the user went back and changed it, are dropped). `id`: the existing profile's, or a new one.
 */
export function profileOf(state: WizardState, id: string): Profile {
  const d = state.draft;
  const keep = new Set(wizardSteps({ ...state, advanced: true }));
  const profile: Profile = {
    ...d,
    id,
    name: (d.name ?? '').trim(),
    authUrl: (d.authUrl ?? '').trim(),
    authType: d.authType ?? 'password',
    authVersion: d.authVersion ?? 'auto',
  };
  for (const field of ['username', 'userDomain', 'project', 'projectDomain', 'applicationCredentialId'] as const) {
    if (!keep.has(field) || !profile[field]) delete profile[field];
  }
  if (profile.authType === 'v1') {
    profile.authVersion = 'v1';
    delete profile.region;
    delete profile.interface;
  }
  for (const key of Object.keys(profile) as Array<keyof Profile>) if (profile[key] === undefined) delete profile[key];
  return profile;
}

/** The secret to store: undefined when an edit keeps the stored one. */
export function secretOf(state: WizardState): string | undefined {
  return state.editing && state.secret === '' ? undefined : state.secret;
}
