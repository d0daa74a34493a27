import * as assert from 'node:assert/strict';
import { isOpenStackError } from '../../../../src/openstack/errors';
import { isPublicListing, isPublicRead, parseAcl, withPublicRead } from '../../../../src/openstack/swift/acl';
import { applyMetaChanges, checkMetaKey, isReservedMetaKey, metaLimitsOf, planMetaPost, planObjectPost } from '../../../../src/openstack/swift/metaEdit';
import { describeVersioning, legacyArchivePrefix, parseVersionListing, versioningOf } from '../../../../src/openstack/swift/versions';

const refused = (re: RegExp) => (e: unknown) => isOpenStackError(e, 'invalidInput') && re.test(e.message);

describe('metadata edit planning', () => {
  const head = {
    'content-type': 'text/plain',
    'content-length': '5',
    etag: 'abc',
    'x-timestamp': '1.0',
    'Content-Disposition': 'attachment; filename="a.txt"',
    'content-encoding': 'gzip',
    'x-delete-at': '2000000000',
    'x-object-manifest': 'segs/a/',
    'cache-control': 'no-cache',
    'x-object-meta-keep': 'kept',
    'x-object-meta-old': 'old',
    'x-object-meta-gone': 'bye',
  };

  it('an object POST resends all other metadata and the headers a POST would drop, nothing else', () => {
    assert.deepEqual(planObjectPost(head, { set: { Old: 'new', Added: 'Zoë ☁' }, remove: ['GONE'] }), {
      'content-disposition': 'attachment; filename="a.txt"',
      'content-encoding': 'gzip',
      'x-delete-at': '2000000000',
      'x-object-manifest': 'segs/a/',
      'cache-control': 'no-cache',
      'x-object-meta-keep': 'kept',
      'x-object-meta-old': 'new',
      'x-object-meta-added': 'Zoë ☁',
    });
  });

  it('an object POST with no changes resends exactly what is there (Content-Type, ETag and length are not sent)', () => {
    const headers = planObjectPost({ 'content-type': 'a/b', etag: 'x', 'x-object-meta-a': '1' }, { set: {}, remove: [] });
    assert.deepEqual(headers, { 'x-object-meta-a': '1' });
  });

  it('container and account POSTs send only the changed keys, removals as X-Remove-*', () => {
    assert.deepEqual(planMetaPost('container', { a: '1', b: '2' }, { set: { A: 'one', c: '3' }, remove: ['b'] }), {
      'x-remove-container-meta-b': 'x',
      'x-container-meta-a': 'one',
      'x-container-meta-c': '3',
    });
    assert.deepEqual(planMetaPost('account', {}, { set: { k: 'v' }, remove: [] }), { 'x-account-meta-k': 'v' });
    assert.deepEqual(planMetaPost('account', { k: 'v' }, { set: { K: 'w' }, remove: ['k'] }), { 'x-account-meta-k': 'w' }, 'set wins over remove');
  });

  it('refuses what Swift cannot store as given, before any request', () => {
    assert.throws(() => checkMetaKey('clé'), refused(/ASCII letters/));
    assert.throws(() => checkMetaKey('two words'), refused(/no spaces/));
    assert.throws(() => checkMetaKey('a_b'), refused(/"a-b"/));
    assert.throws(() => checkMetaKey(''), refused(/empty/));
    assert.throws(() => checkMetaKey('Temp-URL-Key', undefined, 'container'), refused(/own command/));
    assert.equal(checkMetaKey('Temp-URL-Key', undefined, 'object'), 'temp-url-key', 'objects have no such feature keys');
    assert.deepEqual(['Quota-Bytes', 'quota-count', 'temp-url-key-2', 'owner'].map(isReservedMetaKey), [true, true, true, false]);
    assert.throws(() => applyMetaChanges({}, { set: { k: '' }, remove: [] }), refused(/Use Remove/));
    assert.throws(() => applyMetaChanges({}, { set: { k: 'a\r\nb' }, remove: [] }), refused(/line break/));
    assert.throws(() => applyMetaChanges({}, { set: { k: 'a ' }, remove: [] }), refused(/spaces/));
    assert.throws(() => applyMetaChanges({}, { set: { k: '\uD800' }, remove: [] }), refused(/lone surrogate/));
    assert.throws(() => applyMetaChanges({}, { set: { k: '☁'.repeat(86) }, remove: [] }), refused(/258 bytes in UTF-8; this cluster takes at most 256/));
    assert.equal(applyMetaChanges({}, { set: { k: '☁'.repeat(85) }, remove: [] }).k.length, 85, '255 bytes fit');
    const many = Object.fromEntries(Array.from({ length: 90 }, (_, i) => [`k${i}`, 'v']));
    assert.throws(() => applyMetaChanges(many, { set: { one: 'more' }, remove: [] }), refused(/91 metadata keys/));
    assert.doesNotThrow(() => applyMetaChanges(many, { set: { k0: 'changed' }, remove: [] }));
    const limits = metaLimitsOf({ max_meta_overall_size: 20 });
    assert.throws(() => applyMetaChanges({}, { set: { key: 'a'.repeat(18) }, remove: [] }, limits), refused(/total 21 bytes; this cluster takes at most 20/));
  });

  it('reads the limits from /info, with defaults', () => {
    assert.deepEqual(metaLimitsOf(undefined), { maxNameLength: 128, maxValueLength: 256, maxCount: 90, maxOverallSize: 4096 });
    assert.deepEqual(metaLimitsOf({ max_meta_name_length: 64, max_meta_value_length: 'x' }), {
      maxNameLength: 64,
      maxValueLength: 256,
      maxCount: 90,
      maxOverallSize: 4096,
    });
  });
});

describe('container read ACL (public read)', () => {
  it('adds exactly .r:* and .rlistings, keeping other entries in order', () => {
    assert.equal(withPublicRead(undefined, true), '.r:*,.rlistings');
    assert.equal(withPublicRead('.r:example.com, p1:u1 ,', true), '.r:example.com,p1:u1,.r:*,.rlistings');
    assert.equal(withPublicRead('.r:*', true), '.r:*,.rlistings', 'no duplicates');
  });

  it('removes exactly those two, never a referrer rule or a grant', () => {
    assert.equal(withPublicRead('.r:*,.rlistings', false), '');
    assert.equal(withPublicRead('p1:*,.r:*,.r:-bad.com,.rlistings', false), 'p1:*,.r:-bad.com');
    assert.equal(withPublicRead('.r:*.example.com', false), '.r:*.example.com', 'a wildcard referrer is not public read');
  });

  it('says whether a container is public', () => {
    assert.deepEqual(parseAcl(' a , ,b'), ['a', 'b']);
    assert.equal(isPublicRead('.r:*'), true);
    assert.equal(isPublicListing('.r:*'), false);
    assert.equal(isPublicListing('.rlistings, .r:*'), true);
    assert.equal(isPublicRead('.r:*.example.com,.rlistings'), false);
    assert.equal(isPublicRead(undefined), false);
    assert.equal(isPublicListing('.rlistings'), false, 'listing without read is not public');
    assert.equal(isPublicListing(undefined), false);
    assert.equal(withPublicRead('', false), '');
    assert.equal(withPublicRead('a,.rlistings,b', true), 'a,b,.r:*,.rlistings');
  });
});

describe('object versions', () => {
  it('keeps only the exact name from a ?versions page and remembers where it ended', () => {
    const page = [
      { name: 'doc', version_id: 'v3', is_latest: true, bytes: 3, hash: 'h3', content_type: 'text/plain', last_modified: '2024-05-01T10:20:30.123456' },
      {
        name: 'doc',
        version_id: 'v2',
        is_latest: false,
        bytes: 0,
        hash: 'd',
        content_type: 'application/x-deleted;swift_versions_deleted=1',
        last_modified: '2024-05-01T10:00:00.000000',
      },
      { name: 'doc.bak', version_id: 'v9', is_latest: true, bytes: 1, hash: 'x', content_type: 'a/b', last_modified: '2024-05-01T10:00:00.000000' },
    ];
    const { versions, last } = parseVersionListing(page, 'doc');
    assert.deepEqual(
      versions.map((v) => [v.versionId, v.isLatest, v.deleteMarker, v.bytes]),
      [
        ['v3', true, false, 3],
        ['v2', false, true, 0],
      ],
    );
    assert.equal(versions[0].lastModified?.toISOString(), '2024-05-01T10:20:30.123Z');
    assert.deepEqual(last, { name: 'doc.bak', versionId: 'v9' });
    assert.deepEqual(parseVersionListing([], 'doc'), { versions: [], last: undefined });
    assert.throws(
      () => parseVersionListing({}, 'doc'),
      (e: unknown) => isOpenStackError(e, 'badResponse'),
    );
  });

  it('reads the versioning state from container headers', () => {
    assert.deepEqual(versioningOf({ 'x-versions-enabled': 'True' }), { kind: 'enabled' });
    assert.deepEqual(versioningOf({ 'x-versions-enabled': 'False' }), { kind: 'suspended' });
    assert.deepEqual(versioningOf({ 'x-versions-location': 'arch' }), { kind: 'legacy', mode: 'stack', archive: 'arch' });
    assert.deepEqual(versioningOf({ 'x-history-location': 'h' }), { kind: 'legacy', mode: 'history', archive: 'h' });
    assert.deepEqual(versioningOf({}), { kind: 'none' });
    assert.match(describeVersioning({ kind: 'legacy', mode: 'history', archive: 'h' }), /X-History-Location: older versions in container "h"/);
  });

  it('legacy archive prefix: 3 hex digits of the UTF-8 byte length', () => {
    assert.equal(legacyArchivePrefix('a'), '001a/');
    assert.equal(legacyArchivePrefix('é'), '002é/');
    assert.equal(legacyArchivePrefix('x'.repeat(1024)), `400${'x'.repeat(1024)}/`);
  });
});
