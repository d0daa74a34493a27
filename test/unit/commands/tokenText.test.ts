/**
 * Revoke Token: the message after the revocation states what the confirmation stated about how long object storage
 * may still accept the token (the worst case, for either server), with the same expiry minute.
 */
import * as assert from 'node:assert/strict';
import { revokeConfirmDetail, revokedMessage } from '../../../src/commands/tokenText';
import { revokedTokenLag } from '../../../src/openstack/revocation';

describe('Revoke Token wording', () => {
  for (const expiresAt of [new Date('2026-12-04T21:00:30Z'), undefined]) {
    it(`confirmation and result carry the same caveat (expiry ${expiresAt ? 'known' : 'unknown'})`, () => {
      const caveat = revokedTokenLag([], expiresAt);
      assert.match(caveat, /^The object storage may accept it until it expires/);
      assert.equal(
        revokeConfirmDetail(expiresAt),
        `The identity service invalidates it, copies in curl commands included. ${caveat} The next action signs in again.`,
      );
      assert.equal(revokedMessage('Lab', expiresAt), `Revoked the token of profile "Lab": the identity service no longer accepts it. ${caveat}`);
      if (expiresAt) assert.match(revokedMessage('Lab', expiresAt), /until it expires at 2026-12-04 21:00 UTC:/);
    });
  }
});
