import * as assert from 'node:assert/strict';
import { MASK, Redactor } from '../../../src/openstack/redact';

describe('redactor', () => {
  it('masks secret headers in text, whatever their case', () => {
    const r = new Redactor();
    assert.equal(r.redact('X-Auth-Token: gAAAAAB-secret'), `X-Auth-Token: ${MASK}`);
    assert.equal(r.redact("curl -H 'x-subject-token: abc123'"), `curl -H 'x-subject-token: ${MASK}'`);
    assert.equal(r.redact('X-Account-Meta-Temp-URL-Key: k3y'), `X-Account-Meta-Temp-URL-Key: ${MASK}`);
  });

  it('masks passwords and secrets in JSON bodies', () => {
    const r = new Redactor();
    const body = JSON.stringify({ auth: { identity: { password: { user: { name: 'demo', password: 'p"w\\d' } }, application_credential: { id: 'x', secret: 's3' } } } });
    const out = r.redact(body);
    assert.ok(!out.includes('p\\"w'));
    assert.ok(!out.includes('"s3"'));
    assert.ok(out.includes('"name":"demo"'));
  });

  it('masks temp URL signatures and credentials inside URLs', () => {
    const r = new Redactor();
    assert.equal(r.redact('http://s/v1/AUTH_a/c/o?temp_url_sig=abcdef&temp_url_expires=1'), `http://s/v1/AUTH_a/c/o?temp_url_sig=${MASK}&temp_url_expires=1`);
    assert.equal(r.redact('https://bob:hunter2@keystone:5000/v3'), `https://${MASK}@keystone:5000/v3`);
  });

  it('masks registered secrets anywhere, longest first, and knows when text still leaks one', () => {
    const r = new Redactor();
    r.addSecret('tok-123456');
    r.addSecret('tok-123456-longer');
    r.addSecret('ab'); // too short to mask everywhere
    assert.equal(r.redact('a tok-123456-longer and tok-123456, ab'), `a ${MASK} and ${MASK}, ab`);
    assert.equal(r.leaks('x tok-123456'), true);
    assert.equal(r.leaks(r.redact('x tok-123456')), false);
    r.forgetSecret('tok-123456');
    assert.equal(r.leaks('tok-123456'), false);
  });

  it('masks secret headers in header maps', () => {
    const r = new Redactor();
    assert.deepEqual(r.redactHeaders({ 'X-Auth-Token': 't', accept: 'application/json', 'set-cookie': ['a', 'b'] }), {
      'X-Auth-Token': MASK,
      accept: 'application/json',
      'set-cookie': 'a, b',
    });
  });
});
