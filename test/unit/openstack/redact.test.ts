import * as assert from 'node:assert/strict';
import { MASK, Redactor, SECRET_HEADERS, hideUrlCredentials } from '../../../src/openstack/redact';

describe('redactor', () => {
  it('masks secret headers in text, whatever their case', () => {
    const r = new Redactor();
    assert.equal(r.redact('X-Auth-Token: gAAAAAB-secret'), `X-Auth-Token: ${MASK}`);
    assert.equal(r.redact("curl -H 'x-subject-token: abc123'"), `curl -H 'x-subject-token: ${MASK}'`);
    assert.equal(r.redact('X-Account-Meta-Temp-URL-Key: k3y'), `X-Account-Meta-Temp-URL-Key: ${MASK}`);
  });

  it('masks passwords and secrets in JSON bodies', () => {
    const r = new Redactor();
    const body = JSON.stringify({
      auth: { identity: { password: { user: { name: 'demo', password: 'p"w\\d' } }, application_credential: { id: 'x', secret: 's3' } } },
    });
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

  it('masks the value of every header it lists in header maps, whatever the value looks like', () => {
    const r = new Redactor();
    const names = [
      'X-Auth-Token',
      'X-Subject-Token',
      'X-Storage-Token',
      'X-Auth-Key',
      'X-Auth-New-Token',
      'X-Service-Token',
      'Authorization',
      'Proxy-Authorization',
      'X-Account-Meta-Temp-URL-Key',
      'X-Account-Meta-Temp-URL-Key-2',
      'X-Container-Meta-Temp-URL-Key',
      'X-Container-Meta-Temp-URL-Key-2',
    ];
    assert.equal(SECRET_HEADERS.size, names.length);
    for (const name of names) assert.deepEqual(r.redactHeaders({ [name]: 'plain' }), { [name]: MASK }, name);
    assert.deepEqual(r.redactHeaders({ 'x-object-meta-key': 'plain', gone: undefined }), { 'x-object-meta-key': 'plain' });
  });

  it('masks header lines however the separator is spaced, and keeps the name and quote', () => {
    const r = new Redactor();
    assert.equal(r.redact('x-auth-token:abc'), `x-auth-token:${MASK}`);
    assert.equal(r.redact('X-Auth-Key  :  abc def'), `X-Auth-Key  :  ${MASK} def`);
    assert.equal(r.redact('authorization="Bearer'), `authorization="${MASK}`);
    assert.equal(r.redact('X-Container-Meta-Temp-URL-Key-2 = k3y, next'), `X-Container-Meta-Temp-URL-Key-2 = ${MASK}, next`);
  });

  it('masks JSON secret fields to exactly the mask, escaped quotes included', () => {
    const r = new Redactor();
    assert.equal(r.redact('{"password":"p\\"w","name":"n"}'), `{"password":"${MASK}","name":"n"}`);
    assert.equal(r.redact('{"Secret" : "s3"}'), `{"Secret" : "${MASK}"}`);
  });

  it('masks signatures and credentials in query strings, first parameter or not', () => {
    const r = new Redactor();
    assert.equal(r.redact('https://h/o?sig=abc&x=1'), `https://h/o?sig=${MASK}&x=1`);
    assert.equal(r.redact('https://h/o?a=1&signature=abc#f'), `https://h/o?a=1&signature=${MASK}#f`);
    assert.equal(r.redact("'https://h/o?token=abc'"), `'https://h/o?token=${MASK}'`);
    assert.equal(r.redact('https://h/o?mysig=abc'), 'https://h/o?mysig=abc');
  });

  it('masks registered secrets of exactly four characters, never shorter ones', () => {
    const r = new Redactor();
    r.addSecret('abcd');
    r.addSecret('xyz');
    r.addSecret(undefined);
    r.addSecret(null);
    assert.equal(r.redact('abcd xyz'), `${MASK} xyz`);
    r.forgetSecret(undefined);
    assert.equal(r.leaks('abcd'), true);
  });

  describe('hideUrlCredentials', () => {
    it('leaves a URL without @ alone', () => {
      assert.equal(hideUrlCredentials('https://keystone:5000/v3'), 'https://keystone:5000/v3');
    });

    it('keeps the scheme and masks everything up to the last @', () => {
      assert.equal(hideUrlCredentials('https://bob:p@ss@keystone/v3'), `https://${MASK}@keystone/v3`);
      assert.equal(hideUrlCredentials('  HTTPS://bob:pw@keystone'), `  HTTPS://${MASK}@keystone`);
      assert.equal(hideUrlCredentials('svn+ssh.1://bob@h'), `svn+ssh.1://${MASK}@h`);
      assert.equal(hideUrlCredentials('https://@keystone'), `https://${MASK}@keystone`);
    });

    it('masks from the start without a scheme at the start, or with an @ at the start', () => {
      assert.equal(hideUrlCredentials('bob:pw@keystone/a://b'), `${MASK}@keystone/a://b`);
      assert.equal(hideUrlCredentials('1http://bob:pw@keystone'), `${MASK}@keystone`);
      assert.equal(hideUrlCredentials('@keystone'), `${MASK}@keystone`);
      assert.equal(hideUrlCredentials('bob pw@keystone'), `${MASK}@keystone`);
    });
  });
});
