/**
 * Delivery settings (src/openstack/swift/delivery.ts) against the real local cloud: a public container's website
 * served to an anonymous browser from its index page (staticweb, enabled in the local cloud's proxy pipeline),
 * CORS answered to a preflight, and object expiry set and cleared with the object's metadata kept. On Ceph RGW, whose
 * /info lists staticweb whether or not websites are enabled, the command's sentence says so and nothing is stored;
 * clearing an expiry there needs X-Remove-Delete-At (a POST without X-Delete-At keeps it).
 */
import * as assert from 'node:assert/strict';
import { request } from 'undici';
import { setPublicRead } from '../../src/openstack/swift/access';
import { corsOf, setCors, setExpiry, setWebsite, websiteOf, websiteUrl } from '../../src/openstack/swift/delivery';
import { forEachBackend } from '../support/backends';
import { swiftSuite, type SwiftFixture } from '../support/swiftFixture';

forEachBackend('delivery: websites, CORS, expiry (integration)', function (backend) {
  let f: SwiftFixture;
  const suite = swiftSuite((fixture) => (f = fixture), { backend });

  it('serves a public container as a website from its index page; the settings read back', async () => {
    const container = await suite.container('web');
    await f.swift.putObject(container, 'index.html', Buffer.from('<h1>hello from swift</h1>\n'), { contentType: 'text/html' });
    await f.swift.putObject(container, 'docs/index.html', Buffer.from('<h1>docs</h1>\n'), { contentType: 'text/html' });
    await setPublicRead(f.swift, container, true);
    if (backend === 'rgw') {
      await assert.rejects(setWebsite(f.swift, container, { index: 'index.html' }), {
        message:
          'This server is Ceph RGW: its /info lists "staticweb" whether or not static websites are enabled (rgw_enable_static_website, off by default), so website settings are not stored here.',
      });
      assert.deepEqual(websiteOf((await f.swift.headContainer(container)).meta), {});
      return;
    }
    await setWebsite(f.swift, container, { index: 'index.html', error: 'error.html', listings: true });
    assert.deepEqual(websiteOf((await f.swift.headContainer(container)).meta), { index: 'index.html', error: 'error.html', listings: true });
    const home = await request(websiteUrl(f.storageUrl, container));
    assert.equal(home.statusCode, 200);
    assert.equal(await home.body.text(), '<h1>hello from swift</h1>\n');
    const docs = await request(`${websiteUrl(f.storageUrl, container)}docs/`);
    assert.equal(await docs.body.text(), '<h1>docs</h1>\n');
    await setWebsite(f.swift, container, { error: undefined, listings: false });
    assert.deepEqual(websiteOf((await f.swift.headContainer(container)).meta), { index: 'index.html' });
  });

  it('answers a CORS preflight with the container settings', async () => {
    const container = await suite.container('cors');
    await setCors(f.swift, container, { allowOrigin: 'https://app.example', exposeHeaders: 'etag x-trans-id', maxAge: 600 });
    assert.deepEqual(corsOf((await f.swift.headContainer(container)).meta), {
      allowOrigin: 'https://app.example',
      exposeHeaders: 'etag x-trans-id',
      maxAge: 600,
    });
    await f.swift.putObject(container, 'a.txt', Buffer.from('a'));
    const preflight = await request(`${f.storageUrl}/${container}/a.txt`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' },
    });
    await preflight.body.dump();
    assert.equal(preflight.statusCode, 200);
    assert.equal(preflight.headers['access-control-allow-origin'], 'https://app.example');
    await assert.rejects(setCors(f.swift, container, { maxAge: -1 }), /whole number of seconds/);
    await setCors(f.swift, container, { allowOrigin: undefined, exposeHeaders: undefined, maxAge: undefined });
    assert.deepEqual(corsOf((await f.swift.headContainer(container)).meta), {});
  });

  it('sets and clears object expiry, keeping the metadata', async () => {
    const container = await suite.container('expiry');
    await f.swift.putObject(container, 'o.txt', Buffer.from('o'), { headers: { 'x-object-meta-color': 'blue' } });
    await setExpiry(f.swift, container, 'o.txt', { afterSeconds: 3600 });
    let info = await f.swift.headObject(container, 'o.txt');
    assert.ok(info.deleteAt && Math.abs(info.deleteAt.getTime() - Date.now() - 3_600_000) < 120_000, String(info.deleteAt));
    assert.equal(info.meta.color, 'blue');
    const at = new Date(Date.now() + 7 * 86_400_000);
    await setExpiry(f.swift, container, 'o.txt', { at });
    info = await f.swift.headObject(container, 'o.txt');
    assert.equal(info.deleteAt?.getTime(), Math.floor(at.getTime() / 1000) * 1000);
    await setExpiry(f.swift, container, 'o.txt', undefined);
    info = await f.swift.headObject(container, 'o.txt');
    assert.equal(info.deleteAt, undefined);
    assert.equal(info.meta.color, 'blue');
    await assert.rejects(setExpiry(f.swift, container, 'o.txt', { afterSeconds: 0 }), /whole number of seconds in the future/);
  });
});
