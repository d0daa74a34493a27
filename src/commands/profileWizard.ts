/**
 * The profile wizard in the editor: one multi-step QuickInput (step n of m, Back on every step after the
 * first, validation as the user types, an optional Advanced part). Which steps exist, what an answer must be
 * and the profile the answers make are in auth/profileWizard.ts; this file only words and shows them.
 */
import * as vscode from 'vscode';
import type { AuthType } from '../auth/profile';
import {
  PICK_FIELDS,
  WizardField,
  WizardProblem,
  WizardState,
  answer,
  choices,
  initialChoice,
  initialValue,
  validate,
  wizardSteps,
} from '../auth/profileWizard';
import { quotedName } from '../openstack/swift/names';
import { BACK, Prompts } from '../ui/prompts';

/**
 * Asks every step from `start` on (an index into wizardSteps) until the last is answered; Back goes to the step
 * before with its answer kept. Escape cancels the command (UserCancelled, from Prompts).
 */
export async function runWizard(prompts: Prompts, initial: WizardState, start = 0): Promise<WizardState> {
  let state = initial;
  let index = start;
  const title = state.editing ? vscode.l10n.t('Edit profile {0}', quotedName(state.draft.name ?? '')) : vscode.l10n.t('Add OpenStack profile');
  for (;;) {
    const steps = wizardSteps(state);
    if (index >= steps.length) return state;
    const field = steps[index];
    const where = { title, step: index + 1, totalSteps: steps.length, canGoBack: index > 0 };
    let value: string | typeof BACK;
    if (PICK_FIELDS.has(field)) {
      const items = choices(field).map((id) => ({ ...pickItem(field, id), id }));
      const active = items.find((i) => i.id === initialChoice(field, state));
      const chosen = await prompts.pickStep(items, { ...where, placeHolder: pickPlaceholder(field), active });
      value = chosen === BACK ? BACK : chosen.id;
    } else {
      value = await prompts.inputStep({
        ...where,
        prompt: inputPrompt(field, state),
        value: initialValue(field, state),
        password: field === 'secret',
        validateInput: (v) => problemText(validate(field, v, state)),
      });
    }
    if (value === BACK) {
      index = Math.max(0, index - 1);
      continue;
    }
    // A prompter that answers without validating (the in-editor test suite) still cannot pass a bad answer.
    const problem = problemText(validate(field, value, state));
    if (problem) throw new Error(problem);
    state = answer(state, field, value);
    index++;
  }
}

function inputPrompt(field: WizardField, state: WizardState): string {
  const type = state.draft.authType;
  switch (field) {
    case 'name':
      return vscode.l10n.t('A name for this account, shown in the tree');
    case 'authUrl':
      return vscode.l10n.t('Auth URL: Keystone (e.g. https://keystone.example.com:5000/v3) or Swift v1 (…/auth/v1.0)');
    case 'username':
      return type === 'v1' ? vscode.l10n.t('User (X-Auth-User), e.g. account:user') : vscode.l10n.t('User name');
    case 'userDomain':
      return vscode.l10n.t('User domain name (optional)');
    case 'project':
      return type === 'token' ? vscode.l10n.t('Project name to scope the token to (optional)') : vscode.l10n.t('Project name (optional)');
    case 'projectDomain':
      return vscode.l10n.t('Project domain name (optional)');
    case 'applicationCredentialId':
      return vscode.l10n.t('Application credential id');
    case 'secret':
      return secretPrompt(type ?? 'password', state.editing);
    case 'region':
      return vscode.l10n.t('Preferred region (optional; the tree still shows every region of the catalog)');
    case 'caFile':
      return vscode.l10n.t("CA bundle (PEM file, absolute path) that signed the cloud's certificate (optional; else the system's)");
    default:
      return '';
  }
}

function secretPrompt(type: AuthType, editing: boolean): string {
  switch (type) {
    case 'applicationCredential':
      return editing ? vscode.l10n.t('New application credential secret (leave empty to keep the stored one)') : vscode.l10n.t('Application credential secret');
    case 'token':
      return editing ? vscode.l10n.t('New token (leave empty to keep the stored one)') : vscode.l10n.t('Token');
    case 'v1':
      return editing ? vscode.l10n.t('New key (X-Auth-Key) (leave empty to keep the stored one)') : vscode.l10n.t('Key (X-Auth-Key)');
    default:
      return editing ? vscode.l10n.t('New password (leave empty to keep the stored one)') : vscode.l10n.t('Password');
  }
}

function pickPlaceholder(field: WizardField): string {
  switch (field) {
    case 'authType':
      return vscode.l10n.t('How do you sign in?');
    case 'advanced':
      return vscode.l10n.t('Sign in now, or change advanced settings first?');
    case 'authVersion':
      return vscode.l10n.t('Which identity API version?');
    case 'interface':
      return vscode.l10n.t('Which endpoints of the catalog?');
    default:
      return vscode.l10n.t('Verify the TLS certificates of the cloud?');
  }
}

function pickItem(field: WizardField, id: string): vscode.QuickPickItem {
  switch (`${field}:${id}`) {
    case 'authType:password':
      return { label: vscode.l10n.t('Password'), description: vscode.l10n.t('Keystone user name and password') };
    case 'authType:applicationCredential':
      return { label: vscode.l10n.t('Application credential'), description: vscode.l10n.t('Keystone application credential id and secret') };
    case 'authType:token':
      return { label: vscode.l10n.t('Token'), description: vscode.l10n.t('An existing Keystone token (expires; not renewable)') };
    case 'authType:v1':
      return { label: vscode.l10n.t('Swift v1 (tempauth)'), description: vscode.l10n.t('X-Auth-User / X-Auth-Key against …/auth/v1.0') };
    case 'advanced:save':
      return { label: vscode.l10n.t('Sign in and save'), description: vscode.l10n.t('the usual settings suit most clouds') };
    case 'advanced:advanced':
      return { label: vscode.l10n.t('Advanced…'), description: vscode.l10n.t('auth version, region, interface, CA file, certificate checks') };
    case 'authVersion:auto':
      return { label: vscode.l10n.t('From the auth URL'), description: vscode.l10n.t('the version in its path, else the best one the server offers') };
    case 'authVersion:v3':
      return { label: vscode.l10n.t('Keystone v3') };
    case 'authVersion:v2.0':
      return { label: vscode.l10n.t('Keystone v2.0'), description: vscode.l10n.t('older clouds') };
    case 'interface:public':
      return { label: vscode.l10n.t('Public'), description: vscode.l10n.t('the usual choice') };
    case 'interface:internal':
      return { label: vscode.l10n.t('Internal'), description: vscode.l10n.t("inside the cloud's own network") };
    case 'interface:admin':
      return { label: vscode.l10n.t('Admin') };
    case 'insecure:verify':
      return { label: vscode.l10n.t('Verify certificates'), description: vscode.l10n.t('recommended') };
    case 'insecure:insecure':
      return {
        label: vscode.l10n.t('$(warning) Do not verify certificates (insecure)'),
        detail: vscode.l10n.t('Your password and token could be read on the way. Only for a test cloud.'),
      };
    default:
      return { label: id };
  }
}

/** The sentence shown under the input for a problem. */
export function problemText(problem: WizardProblem | undefined): string | undefined {
  switch (problem?.code) {
    case undefined:
      return undefined;
    case 'nameEmpty':
      return vscode.l10n.t('Enter a name.');
    case 'nameTaken':
      return vscode.l10n.t('Another profile has this name.');
    case 'authUrl':
      return problem.detail;
    case 'required':
      return vscode.l10n.t('This field is needed.');
    case 'secretEmpty':
      return vscode.l10n.t('Enter the secret.');
    case 'caFileRelative':
      return vscode.l10n.t('Enter an absolute path (e.g. /etc/ssl/certs/my-cloud-ca.pem).');
  }
}
