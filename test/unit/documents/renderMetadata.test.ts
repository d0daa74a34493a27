import * as assert from 'node:assert/strict';
import { accountInfo, containerInfo, fromWireHeaders, objectInfo, toWireValue } from '../../../src/openstack/swift/metadata';
import { decodeMetaValue, renderMetadataDocument } from '../../../src/documents/renderMetadata';

const FETCHED = new Date(Date.UTC(2030, 0, 1, 12, 0, 0));

function section(md: string, title: string): string {
  const start = md.indexOf(`## ${title}`);
  assert.ok(start >= 0, `section ${title}`);
  const next = md.indexOf('\n## ', start + 3);
  return md.slice(start, next < 0 ? undefined : next);
}

describe('documents/renderMetadata', () => {
  it("groups an object's content facts, user metadata and other headers", () => {
    // As undici hands them over: UTF-8 bytes read as latin-1.
    const wire = {
      'content-length': '1500',
      'content-type': 'application/json',
      etag: '"0cc175b9c0f1b6a831c399e269772661"',
      'last-modified': 'Wed, 01 May 2024 10:20:30 GMT',
      'x-timestamp': '1714558830.12345',
      'x-object-meta-color': 'blue',
      'x-object-meta-city': toWireValue('Zürich 東京'),
      'x-object-meta-encoded': 'caf%C3%A9',
      'x-trans-id': 'tx123',
      'accept-ranges': 'bytes',
      date: 'Wed, 01 Jan 2030 12:00:00 GMT',
    };
    const md = renderMetadataDocument({
      subject: { kind: 'object', info: objectInfo(fromWireHeaders(wire)) },
      profileName: 'demo',
      region: 'RegionOne',
      container: 'docs',
      object: 'dir/report.json',
      fetchedAt: FETCHED,
    });
    assert.match(md, /^# Object `dir\/report.json` in container `docs`\n/);
    const content = section(md, 'Content');
    assert.match(content, /\*\*Size\*\* +\| 1.46 KiB \(1,500 bytes\)/);
    assert.match(content, /\*\*ETag\*\* +\| `0cc175b9c0f1b6a831c399e269772661`/);
    assert.match(content, /\*\*Content type\*\* +\| `application\/json`/);
    assert.match(content, /\*\*Last modified\*\* +\| `2024-05-01T10:20:30.000Z`/);
    assert.match(content, /\*\*X-Timestamp\*\* +\| `2024-05-01T10:20:30.123Z` \(`1714558830.12345`\)/);

    const user = section(md, 'User metadata');
    assert.match(user, /`X-Object-Meta-\*`/);
    assert.match(user, /`city` +\| `Zürich 東京`/);
    assert.match(user, /`color` +\| `blue`/);
    assert.match(user, /`encoded` +\| `café` \(stored percent-encoded\)/);
    assert.ok(user.indexOf('`city`') < user.indexOf('`color`') && user.indexOf('`color`') < user.indexOf('`encoded`'), 'sorted');

    const other = section(md, 'Other headers');
    const names = [...other.matchAll(/^\| `([a-z-]+)`/gm)].map((m) => m[1]);
    assert.deepEqual(names, ['accept-ranges', 'date', 'x-trans-id'], 'sorted, without facts or user metadata');
  });

  it("shows an object's expiry (X-Delete-At) among its content facts, and none when it has none", () => {
    const render = (headers: Record<string, string>) =>
      section(
        renderMetadataDocument({
          subject: { kind: 'object', info: objectInfo({ 'content-length': '3', ...headers }) },
          profileName: 'demo',
          region: 'RegionOne',
          container: 'docs',
          object: 'a.txt',
          fetchedAt: FETCHED,
        }),
        'Content',
      );
    assert.match(render({ 'x-delete-at': '1924992000' }), /\*\*Deleted at\*\* +\| `2031-01-01T00:00:00\.000Z`/);
    assert.doesNotMatch(render({}), /Deleted at/);
  });

  it('shows container counts, ACLs and policy, and never a temp URL key', () => {
    const md = renderMetadataDocument({
      subject: {
        kind: 'container',
        info: containerInfo({
          'x-container-object-count': '1234567',
          'x-container-bytes-used': '0',
          'x-storage-policy': 'gold',
          'x-container-read': '.r:*,.rlistings',
          'x-container-meta-temp-url-key': 'container-secret-key',
          'x-container-meta-owner': 'ops',
          'last-modified': 'Wed, 01 May 2024 10:20:30 GMT',
          'x-timestamp': '1714558830.12345',
        }),
      },
      profileName: 'demo',
      region: 'RegionOne',
      container: 'public|site',
      fetchedAt: FETCHED,
    });
    assert.ok(!md.includes('container-secret-key'));
    assert.match(md, /^# Container `public\\\|site`/);
    assert.match(md, /\*\*Objects\*\* +\| 1,234,567/);
    assert.match(md, /\*\*Bytes used\*\* +\| 0 bytes/);
    assert.match(md, /\*\*Storage policy\*\* +\| `gold`/);
    assert.match(md, /\*\*Last modified\*\* +\| `2024-05-01T10:20:30.000Z`/);
    assert.match(md, /\*\*X-Timestamp\*\* +\| `2024-05-01T10:20:30.123Z` \(`1714558830.12345`\)/);
    assert.match(md, /\*\*Read ACL\*\* +\| `.r:\*,.rlistings`/);
    assert.match(md, /\*\*Write ACL\*\* +\| none/);
    assert.match(md, /\*\*Temp URL key\*\* +\| set \(value hidden\)/);
    assert.match(section(md, 'User metadata'), /`owner` +\| `ops`/);
    assert.match(section(md, 'Other headers'), /None\./);
  });

  it('shows account totals and hides temp URL keys even when a caller forgot to mask them', () => {
    const info = accountInfo({
      'x-account-container-count': '3',
      'x-account-object-count': '42',
      'x-account-bytes-used': '1073741824',
      'x-account-meta-temp-url-key': 'account-secret-1',
      'x-account-meta-temp-url-key-2': 'account-secret-2',
    });
    // Simulate a careless caller: unmasked secret headers.
    const unmasked = { ...info, headers: { ...info.headers, 'x-account-meta-temp-url-key': 'account-secret-1', 'x-auth-token': 'tok-secret' } };
    const md = renderMetadataDocument({ subject: { kind: 'account', info: unmasked }, profileName: 'demo', region: 'RegionTwo', fetchedAt: FETCHED });
    for (const secret of ['account-secret-1', 'account-secret-2', 'tok-secret']) assert.ok(!md.includes(secret), secret);
    assert.match(md, /^# Account in region RegionTwo/);
    assert.match(md, /\*\*Containers\*\* +\| 3/);
    assert.match(md, /\*\*Objects\*\* +\| 42/);
    assert.match(md, /\*\*Bytes used\*\* +\| 1.00 GiB \(1,073,741,824 bytes\)/);
    assert.match(md, /\*\*Temp URL key\*\* +\| set/);
    assert.match(md, /\*\*X-Timestamp\*\* +\| —/);
    assert.match(section(md, 'User metadata'), /None\./);
  });

  it('decodes percent-encoded UTF-8 values only, leaving what a person typed alone', () => {
    assert.deepEqual(decodeMetaValue('caf%C3%A9'), { value: 'café', percentEncoded: true });
    assert.deepEqual(decodeMetaValue('%E6%9D%B1%E4%BA%AC%20ok'), { value: '東京 ok', percentEncoded: true });
    for (const plain of ['100%', '50%25 off', 'a%20b', '%ZZ', '%C3%28', 'café', '%C3%A9 but 100%']) {
      assert.deepEqual(decodeMetaValue(plain), { value: plain, percentEncoded: false }, plain);
    }
  });

  it('keeps control characters in values on one line', () => {
    const md = renderMetadataDocument({
      subject: { kind: 'object', info: objectInfo({ 'content-length': '0', 'x-object-meta-note': 'two\nlines' }) },
      profileName: 'p',
      region: 'R',
      container: 'c',
      object: 'o\nx',
      fetchedAt: FETCHED,
    });
    assert.match(md, /`note` +\| `two\\nlines`/);
    assert.match(md, /^# Object `o\\nx`/);
    assert.match(md, /\*\*Size\*\* +\| 0 bytes/);
    assert.match(md, /\*\*ETag\*\* +\| —/);
    assert.match(md, /\*\*Last modified\*\* +\| — /);
  });
});
