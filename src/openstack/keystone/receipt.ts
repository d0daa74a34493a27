/**
 * Keystone multi-factor sign-in: a first factor that is right but not enough gets 401 with an
 * Openstack-Auth-Receipt header and a body naming the rules (`required_auth_methods`). The receipt, sent back
 * with the missing factor, completes the sign-in (api-ref: "Authenticating with a Multi-Factor Auth Receipt").
 */
import * as l10n from '@vscode/l10n';
import { OpenStackError } from '../errors';
import { arrayOf, isObject, optionalString, parseTimestamp, stringsOf } from './parse';
import type { AuthReceipt } from './types';

/** Thrown by authenticate() when Keystone wants another factor; carries the receipt to send with it. */
export class ReceiptRequired extends OpenStackError {
  constructor(
    base: string,
    readonly receipt: AuthReceipt,
  ) {
    const rules = receipt.requiredMethods.map((r) => r.join(' + ')).join(' or ');
    super('auth', l10n.t('Identity v3 at {0} needs another factor to sign in ({1}).', base, rules || 'multi-factor rules'), {
      service: 'identity',
      status: 401,
    });
    this.name = 'ReceiptRequired';
  }

  /** True when a one-time code (TOTP) is the factor still missing under one of the rules. */
  get wantsTotp(): boolean {
    return this.receipt.requiredMethods.some((rule) => rule.includes('totp') && rule.every((m) => m === 'totp' || this.receipt.methods.includes(m)));
  }
}

/** The receipt header and the 401 body (`receipt`, `required_auth_methods`); tolerant of a body it cannot read. */
export function parseReceipt(header: string, body: unknown): AuthReceipt {
  const root = isObject(body) ? body : {};
  const receipt = isObject(root.receipt) ? root.receipt : {};
  const user = isObject(receipt.user) ? receipt.user : {};
  let expiresAt: Date | undefined;
  try {
    expiresAt = parseTimestamp(receipt.expires_at, 'receipt.expires_at');
  } catch {
    expiresAt = undefined;
  }
  return {
    receipt: header,
    userId: optionalString(user.id),
    requiredMethods: arrayOf(root.required_auth_methods).map(stringsOf),
    methods: stringsOf(receipt.methods),
    expiresAt,
  };
}
