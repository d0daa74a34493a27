// Delivery settings (static website, CORS, object expiry): what is read from metadata, what one POST sends,
// and the sentences for a server without staticweb and for input Swift would not take.
import * as assert from 'node:assert/strict';

import { OpenStackError } from '../../../../src/openstack/errors';
import type { SwiftClient } from '../../../../src/openstack/swift/client';
import { corsOf, missingMiddleware, setCors, setExpiry, setWebsite, websiteOf, websiteUrl } from '../../../../src/openstack/swift/delivery';
import { containerInfo, objectInfo } from '../../../../src/openstack/swift/metadata';
import { parseSwiftInfo } from '../../../../src/openstack/swift/info';

/**
 * How a server treats an object POST's expiry: Swift keeps X-Delete-At only when the POST sends it again; Ceph RGW
 * keeps it unless X-Remove-Delete-At is sent; 'stuck' keeps whatever was there (a server the read-back must catch).
 */
type ExpiryServer = 'swift' | 'rgw' | 'stuck';

function applyObjectPost(current: Record<string, string>, sent: Record<string, string>, server: ExpiryServer): Record<string, string> {
  if (server === 'stuck') return current;
  const next: Record<string, string> = { ...sent };
  delete next['x-delete-after'];
  delete next['x-remove-delete-at'];
  if (sent['x-delete-after']) next['x-delete-at'] = String(Math.floor(Date.now() / 1000) + Number(sent['x-delete-after']));
  else if (!sent['x-delete-at'] && server === 'rgw' && !sent['x-remove-delete-at'] && current['x-delete-at']) next['x-delete-at'] = current['x-delete-at'];
  return next;
}

/** A client that answers container HEADs from fixed headers, keeps one object's headers, and records each POST. */
function fakeClient(
  opts: { info?: Record<string, unknown> | Error; container?: Record<string, string>; object?: Record<string, string>; expiry?: ExpiryServer } = {},
) {
  const posts: { to: string; headers: Record<string, string> }[] = [];
  let object = { ...(opts.object ?? {}) };
  const client = {
    info: async () => {
      if (opts.info instanceof Error) throw opts.info;
      return parseSwiftInfo(opts.info ?? { swift: { version: '2.30' }, staticweb: {} });
    },
    headContainer: async () => containerInfo(opts.container ?? {}),
    postContainer: async (container: string, headers: Record<string, string>) => void posts.push({ to: container, headers }),
    headObject: async () => objectInfo(object),
    postObject: async (container: string, name: string, headers: Record<string, string>) => {
      posts.push({ to: `${container}/${name}`, headers });
      object = applyObjectPost(object, headers, opts.expiry ?? 'swift');
    },
  };
  return { client: client as unknown as SwiftClient, posts };
}

const refusal = async (promise: Promise<unknown>, kind: string): Promise<string> => {
  const e = await promise.then(
    () => assert.fail('succeeded'),
    (error: unknown) => error,
  );
  assert.ok(e instanceof OpenStackError, String(e));
  assert.equal(e.kind, kind);
  return e.message;
};

describe('swift/delivery', () => {
  it('reads website settings from container metadata: listings on for true/yes/on/1 in any case, empty values absent', () => {
    assert.deepEqual(websiteOf({}), {});
    assert.deepEqual(websiteOf({ 'web-index': 'index.html', 'web-error': 'err.html', 'web-listings': 'TRUE', 'web-listings-css': 's.css' }), {
      index: 'index.html',
      error: 'err.html',
      listings: true,
      listingsCss: 's.css',
    });
    for (const on of ['true', 'Yes', 'on', '1']) assert.equal(websiteOf({ 'web-listings': on }).listings, true, on);
    for (const off of ['false', 'no', '0', '', 'truely', 'xtrue']) assert.equal(websiteOf({ 'web-listings': off }).listings, false, off);
    assert.deepEqual(websiteOf({ 'web-index': '', 'web-error': '', 'web-listings-css': '' }), {});
  });

  it('reads CORS settings; a max age that is not a number is left out', () => {
    assert.deepEqual(corsOf({}), {});
    assert.deepEqual(corsOf({ 'access-control-allow-origin': 'https://a.example', 'access-control-expose-headers': 'etag', 'access-control-max-age': '600' }), {
      allowOrigin: 'https://a.example',
      exposeHeaders: 'etag',
      maxAge: 600,
    });
    assert.deepEqual(corsOf({ 'access-control-max-age': 'soon' }), {});
    assert.deepEqual(corsOf({ 'access-control-allow-origin': '', 'access-control-expose-headers': '' }), {});
    assert.deepEqual(corsOf({ 'access-control-max-age': '0' }), { maxAge: 0 });
  });

  it('says when /info lists no staticweb, and nothing when it does', () => {
    assert.equal(missingMiddleware(parseSwiftInfo({ staticweb: {} }), 'staticweb'), undefined);
    const sentence = 'This server does not offer static websites: its /info lists no "staticweb" middleware, so website settings would do nothing.';
    assert.equal(missingMiddleware(parseSwiftInfo({ swift: {} }), 'staticweb'), sentence);
    assert.equal(missingMiddleware(undefined, 'staticweb'), sentence);
    // Ceph RGW (known by max_object_name_size) lists staticweb with websites off: refused with its own sentence.
    assert.equal(
      missingMiddleware(parseSwiftInfo({ swift: { max_object_name_size: 1024 }, staticweb: {} }), 'staticweb'),
      'This server is Ceph RGW: its /info lists "staticweb" whether or not static websites are enabled (rgw_enable_static_website, off by default), so website settings are not stored here.',
    );
  });

  it('sets website keys in one container POST, removes only keys that are set, and leaves keys not given alone', async () => {
    const { client, posts } = fakeClient({ container: { 'x-container-meta-web-error': 'old.html', 'x-container-meta-web-listings': 'true' } });
    await setWebsite(client, 'site', { index: 'index.html', error: '', listings: false, listingsCss: undefined });
    assert.deepEqual(posts, [
      {
        to: 'site',
        headers: {
          'x-container-meta-web-index': 'index.html',
          'x-remove-container-meta-web-error': 'x',
          'x-remove-container-meta-web-listings': 'x',
        },
      },
    ]);
    posts.length = 0;
    await setWebsite(client, 'site', { listings: true });
    assert.deepEqual(posts, [{ to: 'site', headers: { 'x-container-meta-web-listings': 'true' } }]);
  });

  it('changes only the settings given when every setting is set, and sets a listings stylesheet', async () => {
    const all = {
      'x-container-meta-web-index': 'i.html',
      'x-container-meta-web-error': 'e.html',
      'x-container-meta-web-listings': 'true',
      'x-container-meta-web-listings-css': 'old.css',
      'x-container-meta-access-control-allow-origin': '*',
      'x-container-meta-access-control-expose-headers': 'etag',
      'x-container-meta-access-control-max-age': '5',
    };
    const { client, posts } = fakeClient({ container: all });
    await setWebsite(client, 'site', { listingsCss: 'new.css' });
    await setWebsite(client, 'site', { error: 'x.html' });
    await setCors(client, 'site', { maxAge: 9 });
    await setCors(client, 'site', { exposeHeaders: 'x-trans-id' });
    assert.deepEqual(
      posts.map((p) => p.headers),
      [
        { 'x-container-meta-web-listings-css': 'new.css' },
        { 'x-container-meta-web-error': 'x.html' },
        { 'x-container-meta-access-control-max-age': '9' },
        { 'x-container-meta-access-control-expose-headers': 'x-trans-id' },
      ],
    );
  });

  it('sends no POST when nothing changes', async () => {
    const { client, posts } = fakeClient();
    await setWebsite(client, 'site', { error: '' });
    await setWebsite(client, 'site', {});
    await setCors(client, 'site', { allowOrigin: undefined });
    assert.deepEqual(posts, []);
  });

  it('refuses website settings on a server without staticweb, or whose /info cannot be read, and changes nothing', async () => {
    const bare = fakeClient({ info: { swift: {} } });
    assert.match(await refusal(setWebsite(bare.client, 'site', { index: 'i.html' }), 'unsupported'), /lists no "staticweb" middleware/);
    const unreadable = fakeClient({ info: new Error('no /info') });
    assert.match(await refusal(setWebsite(unreadable.client, 'site', { index: 'i.html' }), 'unsupported'), /static websites/);
    assert.deepEqual([...bare.posts, ...unreadable.posts], []);
  });

  it('sets and clears CORS keys; a max age must be a whole number of seconds, 0 or more', async () => {
    const { client, posts } = fakeClient({ container: { 'x-container-meta-access-control-expose-headers': 'etag' } });
    await setCors(client, 'c', { allowOrigin: '*', exposeHeaders: undefined, maxAge: 0 });
    assert.deepEqual(posts, [
      {
        to: 'c',
        headers: {
          'x-container-meta-access-control-allow-origin': '*',
          'x-remove-container-meta-access-control-expose-headers': 'x',
          'x-container-meta-access-control-max-age': '0',
        },
      },
    ]);
    for (const bad of [-1, 1.5, Number.NaN]) {
      assert.equal(
        await refusal(setCors(client, 'c', { maxAge: bad }), 'invalidInput'),
        `The CORS max age must be a whole number of seconds (0 or more), not ${bad}.`,
      );
    }
    assert.equal(posts.length, 1, 'nothing sent for bad input');
  });

  it('clears a max age given as undefined', async () => {
    const { client, posts } = fakeClient({ container: { 'x-container-meta-access-control-max-age': '60' } });
    await setCors(client, 'c', { maxAge: undefined });
    assert.deepEqual(posts, [{ to: 'c', headers: { 'x-remove-container-meta-access-control-max-age': 'x' } }]);
  });

  it("a website's address is the container's URL with a final slash", () => {
    assert.equal(websiteUrl('http://127.0.0.1:8080/v1/AUTH_t', 'my site'), 'http://127.0.0.1:8080/v1/AUTH_t/my%20site/');
  });

  for (const server of ['swift', 'rgw'] as const) {
    it(`sets an expiry in seconds or at a moment, sending the metadata and stored headers again; clears it (${server})`, async () => {
      const object = { 'x-object-meta-color': 'blue', 'content-disposition': 'inline', 'x-delete-at': '1999999999', 'content-type': 'text/plain' };
      const { client, posts } = fakeClient({ object, expiry: server });
      await setExpiry(client, 'c', 'o', { afterSeconds: 60 });
      const at = new Date(Date.now() + 3_600_500);
      await setExpiry(client, 'c', 'o', { at });
      await setExpiry(client, 'c', 'o', undefined);
      const kept = { 'content-disposition': 'inline', 'x-object-meta-color': 'blue' };
      assert.deepEqual(posts, [
        { to: 'c/o', headers: { ...kept, 'x-delete-after': '60' } },
        { to: 'c/o', headers: { ...kept, 'x-delete-at': String(Math.floor(at.getTime() / 1000)) } },
        { to: 'c/o', headers: { ...kept, 'x-remove-delete-at': '1' } },
      ]);
      assert.equal((await client.headObject('c', 'o')).deleteAt, undefined);
    });
  }

  it('reports an expiry the server kept after clearing it, and one it did not store, instead of success', async () => {
    const stuck = fakeClient({ object: { 'x-delete-at': '1999999999' }, expiry: 'stuck' });
    assert.equal(
      await refusal(setExpiry(stuck.client, 'c', 'a b', undefined), 'unsupported'),
      'The server kept the expiry of "a b" (2033-05-18T03:33:19.000Z): it did not clear it.',
    );
    const none = fakeClient({ object: {}, expiry: 'stuck' });
    assert.equal(
      await refusal(setExpiry(none.client, 'c', 'a b', { afterSeconds: 60 }), 'unsupported'),
      'The server did not keep an expiry for "a b": it has none after the change.',
    );
  });

  it('refuses an expiry that is not a whole number of seconds ahead, or a moment not in the future, and sends nothing', async () => {
    const { client, posts } = fakeClient();
    for (const bad of [0, -5, 2.5]) {
      assert.equal(
        await refusal(setExpiry(client, 'c', 'o', { afterSeconds: bad }), 'invalidInput'),
        `An expiry must be a whole number of seconds in the future, not ${bad}.`,
      );
    }
    const past = new Date(Date.now() - 1000);
    assert.equal(
      await refusal(setExpiry(client, 'c', 'a/b.txt', { at: past }), 'invalidInput'),
      `The expiry time ${past.toISOString()} of "a/b.txt" is not in the future.`,
    );
    assert.deepEqual(posts, []);
  });
});
