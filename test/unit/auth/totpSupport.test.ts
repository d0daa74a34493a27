import * as assert from 'node:assert/strict';
import { totp } from '../../support/totp';

describe('test support: TOTP codes (RFC 6238)', () => {
  it("gives RFC 6238's SHA-1 test vectors (secret '12345678901234567890', 8 digits)", () => {
    // Appendix B of RFC 6238; the secret is ASCII "12345678901234567890", here in base32.
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    assert.equal(totp(secret, 59_000, 8), '94287082');
    assert.equal(totp(secret, 1_111_111_109_000, 8), '07081804');
    assert.equal(totp(secret, 1_234_567_890_000, 8), '89005924');
    assert.equal(totp(secret, 20_000_000_000_000, 8), '65353130');
  });
});
