/**
 * The 'auth' error of a rejected authentication: which API, which URL, who, on which scope, what Keystone
 * said, and what to check. Built from names and ids only; the server's text goes through the redactor.
 */
import * as l10n from '@vscode/l10n';
import { OpenStackError } from '../errors';
import { HttpRequest, HttpResponse, errorDetail } from '../http';
import type { Redactor } from '../redact';
import { Credentials, describeCredentials, describeScope } from './types';

export async function rejectedCredentials(
  res: HttpResponse,
  req: HttpRequest,
  api: string,
  base: string,
  credentials: Credentials,
  redactor: Redactor,
): Promise<OpenStackError> {
  const detail = await errorDetail(res, redactor);
  const scope = credentials.kind === 'password' || credentials.kind === 'token' ? describeScope(credentials.scope) : '';
  return new OpenStackError(
    'auth',
    `${api} at ${base} rejected ${describeCredentials(credentials)}${scope} (HTTP ${res.status})${detail ? `: ${detail}` : ''}. ${authHint(credentials)}`,
    { service: 'identity', method: req.method, url: redactor.redact(req.url), status: res.status, requestId: res.requestId },
  );
}

/** What to check after a 401: Keystone does not say which part of the request it disliked. */
function authHint(credentials: Credentials): string {
  switch (credentials.kind) {
    case 'password':
      return credentials.scope && credentials.scope !== 'unscoped'
        ? l10n.t('Check the user, domain and password, that the project or domain exists, and that the user has a role on it.')
        : l10n.t('Check the user, domain and password.');
    case 'applicationCredential':
      return l10n.t('Check the application credential and its secret; it may have expired or been deleted.');
    case 'token':
      return l10n.t('The token may have expired or been revoked; authenticate again with a password or application credential.');
    case 'v1':
      return l10n.t('Check the user (often account:user) and key.');
    case 'totp':
      return l10n.t('Check the one-time code (it changes every 30 seconds) and that the clocks agree.');
  }
}
