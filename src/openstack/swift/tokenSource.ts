import * as l10n from '@vscode/l10n';
import { OpenStackError } from '../errors';

/** Where the Swift client gets its token; an auth session implements it (see auth/session.ts). */
export interface TokenSource {
  token(signal?: AbortSignal): Promise<string>;
  /**
   * Called when Swift answered 401 to `rejected` (this request's, or another's that token() still hands out), at
   * most once a request; returns a fresh token (or throws). The client sends the request with it once, never loops.
   */
  renew(rejected: string, signal?: AbortSignal): Promise<string>;
  /** Why a renewed token can still be refused for this request (e.g. its access rules), one phrase; or undefined. */
  explainRejection?(method: string, url: string): string | undefined;
}

/** A fixed token (e.g. pasted by the user, or a test's): it cannot be renewed. */
export function staticTokenSource(token: string): TokenSource {
  return {
    token: async () => token,
    renew: async () => {
      throw new OpenStackError('auth', l10n.t('Swift rejected the token (HTTP 401) and a fixed token cannot be renewed: authenticate again.'), {
        service: 'object-store',
        status: 401,
      });
    },
  };
}
