"""Seeds REAL one-byte objects into one container through the Swift API's bulk upload (`?extract-archive=tar`), for a
server whose listings cannot be written directly (Ceph RGW: seed_rows.py writes Swift's container databases).

Usage: /usr/bin/python3 seed_objects.py CONTAINER_URL TOKEN_FILE SHAPE
  CONTAINER_URL  the container's URL (it must exist); TOKEN_FILE holds `X-Auth-Token: …` (the bench's curl header file)
  SHAPE          seed_rows.py's: `big` (100,000 names, the tree), `flat`, `small` (10,000 names)

The names are seed_rows.py's, in tars of 5,000 one-byte members (the server reads each archive and writes every
object itself: one request, one token validation, per 5,000 names). Prints one JSON line: {"rows": n, "seconds": s}.
"""
import io
import json
import os
import sys
import tarfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import seed_rows  # noqa: E402  (the same names as the Swift datasets)

CHUNK = 5000


def names_of(shape):
    if shape == 'big':
        return seed_rows.tree_names(1)
    if shape == 'flat':
        return seed_rows.flat_names()
    if shape == 'small':
        return seed_rows.small_names()
    raise SystemExit('unknown shape %s' % shape)


def tar_of(names):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode='w', format=tarfile.PAX_FORMAT) as tar:
        for name in names:
            info = tarfile.TarInfo(name)
            # One byte, not zero: on RGW a 0-byte object may be a copied manifest (listed with 0 bytes), so the project
            # and rclone both HEAD every empty object there; a dataset of empty objects measures those HEADs only.
            info.size = 1
            info.mtime = 1700000000
            tar.addfile(info, io.BytesIO(b'x'))
    return buf.getvalue()


def main():
    url, token_file, shape = sys.argv[1:4]
    token = open(token_file).read().split(':', 1)[1].strip()
    names = names_of(shape)
    t0 = time.time()
    for i in range(0, len(names), CHUNK):
        body = tar_of(names[i:i + CHUNK])
        req = urllib.request.Request(url + '?extract-archive=tar', data=body, method='PUT',
                                     headers={'X-Auth-Token': token, 'Accept': 'application/json', 'Content-Type': 'application/x-tar'})
        with urllib.request.urlopen(req, timeout=600) as res:
            answer = json.loads(res.read().decode('utf-8') or '{}')
        created = answer.get('Number Files Created')
        if created != len(names[i:i + CHUNK]) or answer.get('Errors'):
            raise SystemExit('extract-archive at %d: %s' % (i, json.dumps(answer)[:500]))
    print(json.dumps({'rows': len(names), 'seconds': round(time.time() - t0, 1)}))


if __name__ == '__main__':
    main()
