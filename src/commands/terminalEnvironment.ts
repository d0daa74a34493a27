/**
 * The environment of a signed-in terminal: the token and storage URL as python-swiftclient and curl users
 * export them (`OS_AUTH_TOKEN`, `OS_STORAGE_URL`: the `swift` CLI then skips authentication), the profile's
 * TLS settings in the variables the `swift` CLI reads, and every credential variable that would make a tool
 * sign in as someone else removed (null: VS Code deletes the variable from the inherited environment). Pure.
 */
import * as l10n from '@vscode/l10n';
import { formatDateLong, timeLeftText, visibleName } from '../ui/format';

export interface TerminalProfile {
  name: string;
  region: string;
  caFile?: string;
  insecure?: boolean;
  clientCertFile?: string;
  clientKeyFile?: string;
}

/**
 * Variables inherited from the editor that name another identity or another endpoint: a tool reading them
 * beside the token would act as that user (python-swiftclient prefers a token and storage URL, the openstack
 * CLI does not), so the terminal has none of them.
 */
export const CLEARED_VARIABLES = [
  'OS_CLOUD',
  'OS_AUTH_URL',
  'OS_AUTH_TYPE',
  'OS_USERNAME',
  'OS_USER_ID',
  'OS_PASSWORD',
  'OS_TOKEN',
  'OS_PROJECT_NAME',
  'OS_PROJECT_ID',
  'OS_TENANT_NAME',
  'OS_TENANT_ID',
  'OS_USER_DOMAIN_NAME',
  'OS_USER_DOMAIN_ID',
  'OS_PROJECT_DOMAIN_NAME',
  'OS_PROJECT_DOMAIN_ID',
  'OS_APPLICATION_CREDENTIAL_ID',
  'OS_APPLICATION_CREDENTIAL_NAME',
  'OS_APPLICATION_CREDENTIAL_SECRET',
  'OS_PASSCODE',
  'OS_IDENTITY_API_VERSION',
  'OS_AUTH_VERSION',
  'ST_AUTH',
  'ST_USER',
  'ST_KEY',
  'ST_AUTH_VERSION',
] as const;

/** What createTerminal's `env` gets: the values to set, and null for the variables to remove. */
export function signedInEnvironment(profile: TerminalProfile, token: string, storageUrl: string): Record<string, string | null> {
  const env: Record<string, string | null> = {};
  for (const name of CLEARED_VARIABLES) env[name] = null;
  env.OS_AUTH_TOKEN = token;
  env.OS_STORAGE_URL = storageUrl;
  env.OS_REGION_NAME = profile.region || null;
  env.OS_CACERT = profile.caFile || null;
  env.OS_CERT = profile.clientCertFile || null;
  env.OS_KEY = profile.clientKeyFile || null;
  // python-swiftclient's own switch for --insecure.
  env.SWIFTCLIENT_INSECURE = profile.insecure ? 'true' : null;
  return env;
}

/** The terminal's name: which profile and region it is signed in to. */
export function terminalName(profile: TerminalProfile): string {
  return l10n.t('OpenStack: {0}{1}', visibleName(profile.name), profile.region ? ` (${visibleName(profile.region)})` : '');
}

/**
 * The first lines the terminal shows (written by the editor, never sent to the shell): when the token expires,
 * and what the variables are. The token itself is never in them.
 */
export function terminalBanner(profile: TerminalProfile, expiresAt: Date | undefined, now: number, container?: string): string {
  const expiry = expiresAt
    ? l10n.t(
        'The token in this terminal expires at {0} ({1}); open a new signed-in terminal after that.',
        formatDateLong(expiresAt),
        timeLeftText(expiresAt, now),
      )
    : l10n.t('The token in this terminal has no expiry date (it lasts until it is revoked).');
  // The editor writes these lines to the terminal as they are: a name's controls (ESC among them) are shown, never sent.
  const name = visibleName(profile.name);
  const region = profile.region && visibleName(profile.region);
  const box = container !== undefined ? visibleName(container) : undefined;
  const where = region
    ? box !== undefined
      ? l10n.t('Signed in to profile {0} in region {1}, container {2}.', name, region, box)
      : l10n.t('Signed in to profile {0} in region {1}.', name, region)
    : box !== undefined
      ? l10n.t('Signed in to profile {0}, container {1}.', name, box)
      : l10n.t('Signed in to profile {0}.', name);
  const how = container !== undefined && visibleName(container) === container ? l10n.t('Try: swift list {0}', shellWord(container)) : l10n.t('Try: swift list');
  return [
    expiry,
    l10n.t('{0} OS_AUTH_TOKEN and OS_STORAGE_URL are set for swift and curl (curl -H "X-Auth-Token: $OS_AUTH_TOKEN" "$OS_STORAGE_URL").', where),
    how,
    '',
  ].join('\r\n');
}

/** One word for a POSIX shell: single-quoted unless plainly safe. */
export function shellWord(text: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
