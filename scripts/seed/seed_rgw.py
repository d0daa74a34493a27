"""Seeds the Ceph RGW region(s) of the local cloud (cloud.json regions with "backend": "rgw") through their public
Swift API, as the `demo` user (Keystone v3 token): the `documents` and `photos` containers of RegionOne's data set
(dataset.py: same names, bytes, content types and metadata; RGW keeps its own Last-Modified), a folder marker, and
`large/disk-image.bin`, a Static Large Object of 2 MiB + 3 bytes in 1 MiB segments in `documents_segments`, laid out
as this extension and python-swiftclient lay them out (so a download is checked part by part against its ETag).

Swift's internal client (seed_region.py) cannot reach RGW, hence plain HTTP here. Idempotent: every PUT replaces
the same bytes. Usage: /usr/bin/python3 seed_rgw.py CLOUD_JSON. Prints one line per region.
"""
import hashlib
import json
import sys
import urllib.parse
import urllib.request

import dataset


def request(method, url, token=None, body=None, headers=None):
    # Non-ASCII header values go as UTF-8 bytes, as python-swiftclient sends them.
    latin = {k: str(v).encode('utf-8').decode('latin-1') for k, v in (headers or {}).items()}
    req = urllib.request.Request(url, data=body, method=method, headers=latin)
    if token:
        req.add_header('X-Auth-Token', token)
    with urllib.request.urlopen(req, timeout=60) as resp:
        return resp.status, dict(resp.headers), resp.read()


def token_and_catalog(cloud):
    demo = cloud['demo']
    body = {'auth': {'identity': {'methods': ['password'], 'password': {'user': {
        'name': demo['name'], 'domain': {'name': demo['domain']}, 'password': demo['password']}}},
        'scope': {'project': {'name': demo['project'], 'domain': {'name': demo['projectDomain']}}}}}
    status, headers, data = request('POST', cloud['keystone']['url'] + '/v3/auth/tokens', body=json.dumps(body).encode(),
                                    headers={'Content-Type': 'application/json'})
    token = {k.lower(): v for k, v in headers.items()}['x-subject-token']
    return token, json.loads(data)['token']['catalog']


def endpoint(catalog, region):
    for service in catalog:
        if service['type'] == 'object-store':
            for e in service['endpoints']:
                if e['region'] == region and e['interface'] == 'public':
                    return e['url']
    raise SystemExit('seed_rgw: no object-store endpoint for %s in the catalog' % region)


def quote(name):
    return urllib.parse.quote(name, safe='/')


def put_object(storage, token, container, obj):
    headers = {'Content-Type': obj.content_type}
    for key, value in obj.meta.items():
        headers['X-Object-Meta-' + key] = value
    headers.update(obj.headers)
    request('PUT', '%s/%s/%s' % (storage, quote(container), quote(obj.name)), token, obj.body, headers)


def seed_region(cloud, token, catalog, region):
    storage = endpoint(catalog, region)
    containers = dataset.build()['RegionOne']
    wanted = [c for c in containers if c.name in ('documents', 'photos')]
    count = 0
    for c in wanted:
        request('PUT', '%s/%s' % (storage, quote(c.name)), token, b'', {k: v for k, v in c.headers.items()
                                                                          if not k.lower().startswith('x-container-read')})
        for obj in c.objects:
            put_object(storage, token, c.name, obj)
            count += 1
    # A large object: segments where uploads put them, then the manifest.
    size, part = 2 * 1024 * 1024 + 3, 1024 * 1024
    body = bytes((i * 7 + 3) % 251 for i in range(size))
    name = 'large/disk-image.bin'
    prefix = '%s/slo/1717200000.000000/%d/%d/' % (name, size, part)
    request('PUT', '%s/documents_segments' % storage, token, b'')
    manifest = []
    for i in range(0, size, part):
        chunk = body[i:i + part]
        seg = prefix + '%08d' % (i // part)
        request('PUT', '%s/documents_segments/%s' % (storage, quote(seg)), token, chunk)
        manifest.append({'path': '/documents_segments/' + seg, 'etag': hashlib.md5(chunk).hexdigest(), 'size_bytes': len(chunk)})
    request('PUT', '%s/documents/%s?multipart-manifest=put' % (storage, quote(name)), token, json.dumps(manifest).encode(),
            {'Content-Type': 'application/octet-stream'})
    print('  %-10s %d objects in %s, 1 large object (%d bytes)' % (region, count, ', '.join(c.name for c in wanted), size))


def main():
    cloud = json.load(open(sys.argv[1]))
    regions = [r['name'] for r in cloud.get('regions', []) if r.get('backend') == 'rgw']
    if not regions:
        return
    token, catalog = token_and_catalog(cloud)
    for region in regions:
        seed_region(cloud, token, catalog, region)


if __name__ == '__main__':
    main()
