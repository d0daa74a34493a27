/**
 * Profiles from OS_* / ST_* variables, as the OpenStack clients read them: an OpenRC file's assignments or
 * the editor's environment. OS_STORAGE_URL + OS_AUTH_TOKEN is a pre-authenticated profile (no identity
 * service), as in python-swiftclient; ST_AUTH / ST_USER / ST_KEY with ST_AUTH_VERSION 1.0, 2.0 or 3 too.
 */
import * as l10n from '@vscode/l10n';
import type { Profile } from '../profile';
import {
  ImportError,
  ImportedProfile,
  ProfileDraft,
  type RefusedAuthType,
  authTypeVerdict,
  dropEmpty,
  interfaceOf,
  refusedAuthSentence,
  str,
  truthy,
  versionOf,
} from './common';
import { readShellAssignments } from './shell';

export interface VariablesProfile extends ImportedProfile {
  /** Profile fields whose value a command (or the terminal) would give: ask the user for them. */
  asks: Array<keyof Profile>;
  /** Why these variables give no usable profile (e.g. an auth type this extension does not support). */
  refused?: string;
  /** The auth type behind `refused`, when that is why (an OpenRC file words it for itself). */
  refusedAuth?: RefusedAuthType;
}

/**
 * A profile from OS_* variables, or undefined when they name no auth URL nor a storage URL with a token.
 * `fromCommands`: variables whose value a command would give (never used as text).
 */
export function profileFromVariables(
  vars: Record<string, string | undefined>,
  name: string,
  fromCommands: ReadonlySet<string> = new Set(),
): VariablesProfile | undefined {
  const asks: Array<keyof Profile> = [];
  const pick = (field: keyof Profile | 'secret', ...keys: string[]): string | undefined => {
    for (const k of keys) {
      if (fromCommands.has(k)) {
        if (field !== 'secret' && !asks.includes(field)) asks.push(field);
        return undefined;
      }
      const value = str(vars[k]);
      if (value !== undefined) return value;
    }
    return undefined;
  };
  const token = pick('secret', 'OS_AUTH_TOKEN', 'OS_TOKEN');
  const storageUrl = pick('storageUrl', 'OS_STORAGE_URL');
  const tls = {
    caFile: pick('caFile', 'OS_CACERT'),
    clientCertFile: pick('clientCertFile', 'OS_CERT'),
    clientKeyFile: pick('clientKeyFile', 'OS_KEY'),
    insecure: truthy(vars.OS_INSECURE) || undefined,
  };
  // One PEM may hold both the certificate and its key.
  if (tls.clientCertFile && !tls.clientKeyFile && !asks.includes('clientKeyFile')) tls.clientKeyFile = tls.clientCertFile;
  if (storageUrl && (token || fromCommands.has('OS_AUTH_TOKEN') || fromCommands.has('OS_TOKEN'))) {
    // python-swiftclient: a storage URL and a token are used as given, no authentication.
    const profile: ProfileDraft = {
      name,
      authUrl: storageUrl,
      authVersion: 'v1',
      authType: 'storageToken',
      storageUrl,
      region: pick('region', 'OS_REGION_NAME'),
      ...tls,
    };
    return { profile: dropEmpty(profile), secret: token, asksForSecret: !token, asks };
  }
  const osAuthUrl = pick('authUrl', 'OS_AUTH_URL');
  const stAuth = pick('authUrl', 'ST_AUTH');
  // An auth URL a command would give (`$(terraform output …)`) is asked; the file's other values still make the profile.
  const givenUrl = osAuthUrl ?? stAuth ?? '';
  if (!givenUrl && !asks.includes('authUrl')) return undefined;
  // python-swiftclient: ST_AUTH_VERSION, else OS_AUTH_VERSION / OS_IDENTITY_API_VERSION, else 1.0 when ST_* v1 values are there.
  const stVersion = str(vars.ST_AUTH_VERSION);
  const versionText = stVersion ?? str(vars.OS_AUTH_VERSION) ?? str(vars.OS_IDENTITY_API_VERSION);
  const stUser = str(vars.ST_USER);
  const isSwiftV1 =
    versionOf(stVersion, givenUrl) === 'v1' ||
    (!osAuthUrl && !!stAuth && (!stVersion || versionOf(stVersion, givenUrl) === 'v1')) ||
    versionOf(versionText, givenUrl) === 'v1';
  // python-swiftclient reads Swift v1 from ST_* first and falls back on OS_* only where ST_* is empty: the OS_PASSWORD
  // of a Keystone never goes to ST_AUTH beside an ST_KEY, nor ST_KEY to OS_AUTH_URL beside an ST_AUTH.
  const authUrl = isSwiftV1 ? (stAuth ?? givenUrl) : givenUrl;
  let version = isSwiftV1 ? 'v1' : versionOf(versionText, authUrl);
  const methods = str(vars.OS_AUTH_METHODS)?.split(/[,\s]+/);
  const password = !!vars.OS_PASSWORD || fromCommands.has('OS_PASSWORD');
  const verdict = authTypeVerdict(
    str(vars.OS_AUTH_TYPE),
    {
      appCred: !!str(vars.OS_APPLICATION_CREDENTIAL_ID) || !!str(vars.OS_APPLICATION_CREDENTIAL_NAME),
      token: !!token,
      password,
      v1: isSwiftV1,
    },
    methods,
  );
  // The verdict's own rule (a token and no password: token auth) puts an application credential first, as
  // clouds.yaml reads it; OS_* variables have always used such a token even beside an application credential.
  const authType = 'refused' in verdict ? 'password' : !str(vars.OS_AUTH_TYPE) && !password && token && !isSwiftV1 ? 'token' : verdict.authType;
  if (!('refused' in verdict) && verdict.version && !versionText) version = verdict.version;
  let username = isSwiftV1 ? pick('username', 'ST_USER', 'OS_USERNAME') : pick('username', 'OS_USERNAME', 'ST_USER');
  let project = pick('project', 'OS_PROJECT_NAME', 'OS_TENANT_NAME');
  if (!isSwiftV1 && version === 'v2.0' && !str(vars.OS_USERNAME) && stUser?.includes(':') && !project) {
    // swiftclient v2.0: ST_USER "tenant:user".
    [project, username] = [stUser.slice(0, stUser.indexOf(':')), stUser.slice(stUser.indexOf(':') + 1)];
  }
  const profile: ProfileDraft = {
    name,
    authUrl,
    authVersion: version,
    authType,
    username,
    userId: pick('userId', 'OS_USER_ID'),
    userDomain: pick('userDomain', 'OS_USER_DOMAIN_NAME', 'OS_DEFAULT_DOMAIN_NAME', 'OS_DOMAIN_NAME'),
    userDomainId: pick('userDomainId', 'OS_USER_DOMAIN_ID', 'OS_DEFAULT_DOMAIN_ID', 'OS_DOMAIN_ID'),
    project,
    projectId: pick('projectId', 'OS_PROJECT_ID', 'OS_TENANT_ID'),
    projectDomain: pick('projectDomain', 'OS_PROJECT_DOMAIN_NAME', 'OS_DEFAULT_DOMAIN_NAME', 'OS_DOMAIN_NAME'),
    projectDomainId: pick('projectDomainId', 'OS_PROJECT_DOMAIN_ID', 'OS_DEFAULT_DOMAIN_ID', 'OS_DOMAIN_ID'),
    applicationCredentialId: pick('applicationCredentialId', 'OS_APPLICATION_CREDENTIAL_ID'),
    applicationCredentialName: pick('applicationCredentialName', 'OS_APPLICATION_CREDENTIAL_NAME'),
    region: pick('region', 'OS_REGION_NAME'),
    interface: interfaceOf(pick('interface', 'OS_INTERFACE', 'OS_ENDPOINT_TYPE')),
    storageUrl,
    ...tls,
    secondFactor: 'refused' in verdict ? undefined : verdict.secondFactor,
  };
  const secretKeys =
    authType === 'applicationCredential'
      ? ['OS_APPLICATION_CREDENTIAL_SECRET']
      : authType === 'token'
        ? ['OS_AUTH_TOKEN', 'OS_TOKEN']
        : authType === 'totp'
          ? []
          : isSwiftV1
            ? ['ST_KEY', 'OS_PASSWORD']
            : ['OS_PASSWORD', 'ST_KEY'];
  const secret = secretKeys.length ? pick('secret', ...secretKeys) : undefined;
  return {
    profile: { ...dropEmpty(profile), authUrl },
    secret,
    asksForSecret: !secret && authType !== 'totp',
    asks,
    ...('refused' in verdict ? { refused: refusedAuthSentence(verdict.refused, { kind: 'environment' }), refusedAuth: verdict.refused } : {}),
  };
}

/**
 * An OpenRC file's profile, read without running it (shell.ts). A value a command or the terminal would
 * give (`$(pass show …)`, `read -sr OS_PASSWORD_INPUT`) is asked for, never sent as text.
 */
export function parseOpenRc(text: string, name = 'OpenRC'): VariablesProfile {
  if (text.length > 1024 * 1024) throw new ImportError(l10n.t('The OpenRC file is larger than 1 MiB; it does not look like one.'));
  const { vars, fromCommands } = readShellAssignments(text);
  if (!vars.OS_AUTH_URL && !vars.ST_AUTH && !vars.OS_STORAGE_URL && !fromCommands.has('OS_AUTH_URL')) {
    throw new ImportError(l10n.t('No OS_AUTH_URL found: this does not look like an OpenRC file.'));
  }
  const label = str(vars.OS_CLOUD_NAME) ?? str(vars.OS_PROJECT_NAME) ?? str(vars.OS_TENANT_NAME) ?? name;
  const imported = profileFromVariables(vars, label, fromCommands);
  if (!imported) throw new ImportError(l10n.t('No OS_AUTH_URL found: this does not look like an OpenRC file.'));
  if (imported.refusedAuth) throw new ImportError(refusedAuthSentence(imported.refusedAuth, { kind: 'openrc' }));
  return imported;
}
