import * as assert from 'node:assert/strict';
import { MetaDraft, parseByteQuota, parseCountQuota, publicWarning, quotaText, versionItem } from '../../../src/commands/accessOptions';
import { renderMetadataDocument } from '../../../src/documents/renderMetadata';
import { accountInfo, containerInfo } from '../../../src/openstack/swift/metadata';

describe('commands/accessOptions', () => {
  it('a metadata draft shows the result, counts real changes, and plans set/remove', () => {
    const draft = new MetaDraft({ Owner: 'ops', old: 'x' });
    assert.deepEqual(draft.current(), [
      ['old', 'x'],
      ['owner', 'ops'],
    ]);
    assert.equal(draft.count(), 0);
    draft.set('Owner', 'ops');
    assert.equal(draft.count(), 0, 'setting the same value is no change');
    draft.set('owner', 'Zoë');
    draft.set('New', 'n');
    draft.remove('old');
    assert.deepEqual(draft.current(), [
      ['new', 'n'],
      ['owner', 'Zoë'],
    ]);
    assert.deepEqual([draft.state('new'), draft.state('owner')], ['new', 'changed']);
    assert.equal(draft.count(), 3);
    assert.deepEqual(draft.changes, { set: { owner: 'Zoë', new: 'n' }, remove: ['old'] });
    draft.remove('new');
    draft.set('old', 'back');
    assert.deepEqual(draft.changes, { set: { owner: 'Zoë', old: 'back' }, remove: [] }, 'removing a new key forgets it; setting a removed one revives it');
  });

  it('parses byte quotas in decimal and binary units, empty for none', () => {
    assert.deepEqual(parseByteQuota('1000000'), { bytes: 1_000_000 });
    assert.deepEqual(parseByteQuota('500 MB'), { bytes: 500_000_000 });
    assert.deepEqual(parseByteQuota('2GiB'), { bytes: 2 * 2 ** 30 });
    assert.deepEqual(parseByteQuota('1.5 k'), { bytes: 1500 });
    assert.deepEqual(parseByteQuota('1,024'), { bytes: 1024 });
    assert.deepEqual(parseByteQuota('  '), { bytes: undefined });
    assert.deepEqual(parseByteQuota('none'), { bytes: undefined });
    for (const bad of ['-1', 'ten', '5 XB', '1e9']) assert.ok('error' in parseByteQuota(bad), bad);
    assert.deepEqual(parseCountQuota('10,000'), { count: 10_000 });
    assert.deepEqual(parseCountQuota(''), { count: undefined });
    for (const bad of ['1.5', '-3', 'many']) assert.ok('error' in parseCountQuota(bad), bad);
    assert.equal(quotaText(undefined), 'none');
    assert.match(quotaText(10_000_000), /\(10,000,000 bytes\)$/);
  });

  it('warns that a public container is readable and listable by anyone, naming it and its URL', () => {
    const w = publicWarning('site "x"', 'http://h/v1/AUTH_a/site%20%22x%22');
    assert.equal(w.message, 'Make container "site \\"x\\"" public?');
    assert.match(w.detail, /^Anyone on the internet will be able to read every object in it and list its names, with no token/);
    assert.match(w.detail, /at http:\/\/h\/v1\/AUTH_a\/site%20%22x%22/);
  });

  it('describes a version with its date, size, latest flag and id', () => {
    const item = versionItem({
      versionId: '1714558830.12345',
      isLatest: true,
      bytes: 2048,
      hash: 'h',
      contentType: 'text/plain',
      lastModified: new Date('2024-05-01T10:20:30.123Z'),
      deleteMarker: false,
    });
    assert.deepEqual(item, { label: '2024-05-01 10:20:30 UTC', description: '2.00 KiB · latest · text/plain', detail: 'version id 1714558830.12345' });
    const marker = versionItem({
      versionId: 'v',
      isLatest: false,
      bytes: 0,
      hash: '',
      contentType: 'application/x-deleted;swift_versions_deleted=1',
      lastModified: undefined,
      deleteMarker: true,
    });
    assert.equal(marker.description, 'deleted here (delete marker)');
    assert.equal(
      versionItem({
        versionId: undefined,
        archiveName: '003abc/1.0',
        isLatest: false,
        bytes: 1,
        hash: '',
        contentType: '',
        lastModified: undefined,
        deleteMarker: false,
      }).detail,
      'archived as "003abc/1.0"',
    );
  });

  it('the metadata document shows public read, quotas and versioning', () => {
    const render = (headers: Record<string, string>) =>
      renderMetadataDocument({
        subject: { kind: 'container', info: containerInfo(headers) },
        profileName: 'p',
        region: 'R',
        container: 'c',
        fetchedAt: new Date(0),
      });
    let md = render({
      'x-container-read': '.r:*,.rlistings',
      'x-container-meta-quota-bytes': '1000',
      'x-container-meta-quota-count': '5',
      'x-versions-enabled': 'True',
    });
    assert.match(md, /\*\*Public\*\* +\| yes: anyone on the internet can read and list it/);
    assert.match(md, /\*\*Quota \(bytes\)\*\* +\| 1,000 bytes/);
    assert.match(md, /\*\*Quota \(objects\)\*\* +\| 5/);
    assert.match(md, /\*\*Versioning\*\* +\| enabled \(object versioning\)/);
    assert.ok(!/x-versions-enabled/.test(md), 'shown as a fact, not repeated among the headers');
    md = render({ 'x-versions-location': 'arch' });
    assert.match(md, /\*\*Public\*\* +\| no/);
    assert.match(md, /\*\*Quota \(bytes\)\*\* +\| none/);
    assert.match(md, /\*\*Versioning\*\* +\| legacy X-Versions-Location: older versions in container "arch"/);
    const account = renderMetadataDocument({
      subject: { kind: 'account', info: accountInfo({ 'x-account-meta-quota-bytes': '2048' }) },
      profileName: 'p',
      region: 'R',
      fetchedAt: new Date(0),
    });
    assert.match(account, /\*\*Quota \(bytes\)\*\* +\| 2.00 KiB \(2,048 bytes\)/);
  });
});
