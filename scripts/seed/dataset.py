"""The demo data set: what seed.py puts into the `demo` project (cloud.json `demo`) in RegionOne and RegionTwo.

Everything is deterministic: the same names, bytes, metadata and (historical) Last-Modified times on every run and
machine. `build()` returns {region_name: [Container]}. BIG_* describe the 25,000-object container written by bulk.py.
"""
import calendar
import json
import random
import time
import unicodedata

import media

# Bump when the data set changes: the marker (account metadata) then no longer matches and a re-run rewrites it.
# It is also added to every object's timestamp (in 10 µs steps), so the new version's PUTs win over the old ones.
SEED_VERSION = 1
MARKER_HEADER = 'X-Account-Meta-Demo-Seed'

BIG_CONTAINER = 'big-dataset'
BIG_SHARDS = 25
BIG_PER_SHARD = 1000  # 25 x 1000 = 25,000 objects: shard-00/part-00000.json ... shard-24/part-00999.json


def big_object(shard, part):
    """Name, body and Last-Modified (epoch) of one object of the big container."""
    name = 'shard-%02d/part-%05d.json' % (shard, part)
    rnd = random.Random(shard * 100003 + part)
    body = json.dumps({
        'shard': shard, 'part': part, 'id': '%02d-%05d' % (shard, part),
        'sensor': 'sensor-%03d' % rnd.randrange(200),
        'readings': [round(rnd.uniform(-20, 40), 2) for _ in range(6)],
        'status': rnd.choice(['ok', 'ok', 'ok', 'degraded', 'offline']),
    }, separators=(',', ':')).encode() + b'\n'
    when = at('2024-05-01 00:00') + shard * 3600 + part * 3
    return name, body, when


def seed_time(when):
    """The X-Timestamp (epoch float) of an object meant to show `when` as its Last-Modified: never in the future of
    this machine's clock (Swift ignores a PUT older than the stored object: a user's later upload must win), plus
    SEED_VERSION * 10 µs so that a new data set version overwrites the previous one."""
    return min(when, time.time() - 86400) + SEED_VERSION * 0.00001


def at(text):
    """'YYYY-MM-DD HH:MM' (UTC) -> epoch seconds."""
    date, time_ = text.split(' ')
    y, mo, d = map(int, date.split('-'))
    h, mi = map(int, time_.split(':'))
    return calendar.timegm((y, mo, d, h, mi, 0))


def _lazy(fn, *args, **kwargs):
    """A body made only when needed (images take a while in pure Python; an idempotent re-run needs none)."""
    return lambda: fn(*args, **kwargs)


def _jpg(*args, **kwargs):
    return _lazy(media.jpeg, *args, **kwargs)


def _png(*args, **kwargs):
    return _lazy(media.png, *args, **kwargs)


class Obj:
    def __init__(self, name, body, content_type, when, meta=None, headers=None):
        self.name = name
        self._body = body
        self.content_type = content_type
        self.when = when  # epoch seconds: becomes the object's X-Timestamp (Last-Modified)
        self.meta = meta or {}  # X-Object-Meta-<key>: value (unicode allowed, sent as UTF-8 like python-swiftclient)
        self.headers = headers or {}  # other stored headers: Content-Disposition, Cache-Control, ...

    @property
    def body(self):
        if callable(self._body):
            self._body = self._body()
        if isinstance(self._body, str):
            self._body = self._body.encode('utf-8')
        return self._body


class Container:
    def __init__(self, name, headers=None, objects=None, expected_count=None):
        self.name = name
        self.headers = headers or {}
        self.objects = objects or []
        self._expected = expected_count

    @property
    def expected_count(self):
        return len(self.objects) if self._expected is None else self._expected


TEXT = 'text/plain; charset=utf-8'
MD = 'text/markdown; charset=utf-8'
CSV = 'text/csv; charset=utf-8'
JSON = 'application/json'
DIR = 'application/directory'


# --------------------------------------------------------------------------------------------------- images
def _sky(w, h, top, bottom, sun=None):
    def px(x, y):
        t = y / (h - 1)
        r, g, b = (int(top[i] + (bottom[i] - top[i]) * t) for i in range(3))
        if sun:
            sx, sy, sr, sc = sun
            if (x - sx) ** 2 + (y - sy) ** 2 <= sr * sr:
                return sc
        return r, g, b
    return px


def _beach(w, h):
    sky = _sky(w, h, (90, 160, 230), (200, 230, 250), (w * 3 // 4, h // 4, h // 8, (255, 230, 120)))

    def px(x, y):
        horizon, shore = h * 11 // 20, h * 3 // 4 + int(4 * ((x * 7) % 13) / 13)
        if y < horizon:
            return sky(x, y)
        if y < shore:
            return 20, 110 + (y - horizon), 170 + (x % 9)
        return 230, 205 - (y - shore), 150
    return px


def _mountains(w, h):
    sky = _sky(w, h, (120, 170, 220), (230, 240, 250))

    def px(x, y):
        ridge = h // 2 + abs((x % (w // 3)) - w // 6) * h // (w // 2)
        if y >= ridge:
            snow = y < ridge + 4 and ridge < h * 2 // 3
            return (245, 245, 250) if snow else (70 + y % 20, 90, 80)
        return sky(x, y)
    return px


def _stars(w, h):
    rnd = random.Random(42)
    stars = {(rnd.randrange(w), rnd.randrange(h * 2 // 3)) for _ in range(w * h // 60)}

    def px(x, y):
        if (x, y) in stars:
            return 255, 255, 230
        if (x - w // 5) ** 2 + (y - h // 5) ** 2 < (h // 9) ** 2:
            return 240, 240, 210  # moon
        if y > h * 4 // 5:
            return 20, 30, 25
        return 10, 15, 40 + y * 40 // h
    return px


def _logo(w, h):
    def px(x, y):
        cx, cy = w / 2, h / 2
        d = ((x - cx + 0.5) ** 2 + (y - cy + 0.5) ** 2) ** 0.5
        if d < w * 0.45:
            inner = abs(x - cx) < w * 0.12 or abs(y - cy) < h * 0.12
            return (255, 255, 255, 255) if inner else (220, 40, 60, 255)
        return 0, 0, 0, 0  # transparent
    return px


def _snow(w, h):
    rnd = random.Random(7)
    flakes = {(rnd.randrange(w), rnd.randrange(h)) for _ in range(w * h // 25)}
    return lambda x, y: (255, 255, 255) if (x, y) in flakes else (170 + y * 60 // h, 190 + y * 50 // h, 220)


# ------------------------------------------------------------------------------------------------- text helpers
def _csv(header, rows):
    out = [','.join(header)]
    for r in rows:
        out.append(','.join(('"%s"' % c.replace('"', '""')) if isinstance(c, str) and (',' in c or '"' in c) else str(c)
                            for c in r))
    return '\n'.join(out) + '\n'


def _quarter(year, q):
    rnd = random.Random(year * 10 + q)
    months = [['Jan', 'Feb', 'Mar'], ['Apr', 'May', 'Jun'], ['Jul', 'Aug', 'Sep'], ['Oct', 'Nov', 'Dec']][q - 1]
    regions = ['EMEA', 'Americas', 'APAC']
    rows = [(m, r, rnd.randrange(80_000, 400_000), rnd.randrange(40_000, 200_000)) for m in months for r in regions]
    revenue = sum(r[2] for r in rows)
    cost = sum(r[3] for r in rows)
    summary = f"""# Q{q} {year} summary

| metric | value |
|---|---:|
| revenue | {revenue:,} € |
| cost | {cost:,} € |
| margin | {100 * (revenue - cost) / revenue:.1f} % |

## Highlights

- Revenue by region is in `revenue.csv`; dashboards export `metrics.json`.
- {rnd.choice(['EMEA grew fastest.', 'APAC closed two large deals.', 'Americas churn went down.'])}
- Next review: first Monday after quarter end.

> Numbers are generated demo data.
"""
    csv = _csv(['month', 'region', 'revenue_eur', 'cost_eur'], rows)
    metrics = json.dumps({
        'quarter': f'{year}-Q{q}', 'revenue': revenue, 'cost': cost,
        'activeUsers': rnd.randrange(10_000, 50_000), 'uptime': round(rnd.uniform(99.5, 99.99), 3),
        'regions': {r: sum(x[2] for x in rows if x[1] == r) for r in regions},
    }, indent=2) + '\n'
    return summary, csv, metrics


def _log_lines(day, n, seed):
    rnd = random.Random(seed)
    levels = ['INFO'] * 8 + ['WARN', 'ERROR', 'DEBUG']
    msgs = ['request handled path=/api/orders status=200 ms={}', 'cache miss key=user:{}', 'job finished id={}',
            'slow query took {} ms', 'retrying upstream call attempt={}', 'user login id={}']
    lines = []
    for i in range(n):
        sec = i * 86400 // n
        lines.append('%sT%02d:%02d:%02dZ %-5s %s' % (day, sec // 3600, sec // 60 % 60, sec % 60, rnd.choice(levels),
                                                  rnd.choice(msgs).format(rnd.randrange(1, 5000))))
    return '\n'.join(lines) + '\n'


def _access_log(day, n, seed):
    rnd = random.Random(seed)
    paths = ['/', '/about.html', '/assets/css/site.css', '/assets/js/app.js', '/assets/img/logo.png', '/api/products',
             '/favicon.png', '/blog/2024/06/hello-world/']
    out = []
    for i in range(n):
        sec = i * 86400 // n
        out.append('203.0.113.%d - - [%s:%02d:%02d:%02d +0000] "GET %s HTTP/1.1" %d %d "-" "Mozilla/5.0"' % (
            rnd.randrange(1, 255), day, sec // 3600, sec // 60 % 60, sec % 60, rnd.choice(paths),
            rnd.choice([200] * 9 + [304, 404]), rnd.randrange(200, 40_000)))
    return '\n'.join(out) + '\n'


# ------------------------------------------------------------------------------------------------- containers
def _documents():
    objs = [
        Obj('README.md', """# Acme shared documents

This container is the **demo** data set of *OpenStack Object Storage for VS Code*.

- `reports/` quarterly reports (Markdown, CSV, JSON, PDF), several levels deep
- `specs/` an OpenAPI document and JSON schemas
- `data/` CSV and JSON Lines exports
- `archive/` an explicit folder marker object (`application/directory`), as Horizon creates

Open any file to view it; the metadata of this file has a Unicode author.
""", MD, at('2024-01-08 09:00'), meta={'Author': 'Zoë Ångström', 'Department': 'Operations'}),
        Obj('notes.txt', 'Remember:\n- renew the TLS certificate before 2024-09-30\n- rotate the backup keys\n',
            TEXT, at('2024-02-14 16:20')),
        Obj('archive/', b'', DIR, at('2023-12-31 23:00')),
        Obj('archive/2022/old-plan.txt', 'The 2022 plan, kept for reference.\n', TEXT, at('2022-12-01 10:00')),
        Obj('reports/2023/annual-report.md', '# Annual report 2023\n\nA good year. See the PDF for the signed copy.\n',
            MD, at('2024-01-31 12:00'), meta={'Status': 'final'}),
        Obj('reports/2023/annual-report.pdf', media.pdf(['Acme Corp - Annual report 2023', '',
                                                         'Revenue grew 12 %.', 'Demo data, generated.']),
            'application/pdf', at('2024-01-31 12:05'),
            headers={'Content-Disposition': 'attachment; filename="annual-report-2023.pdf"'}),
    ]
    for q, (date, meta) in enumerate([
            ('2024-04-05 10:30', {'Author': 'José Müller', 'Reviewed-By': 'Zoë Ångström', 'Status': 'final',
                                  'Tags': 'finance,quarterly', 'Title': 'Résumé Q1 — 2024 🚀'}),
            ('2024-07-04 11:00', {'Author': 'José Müller', 'Status': 'final'}),
            ('2024-10-03 09:45', {'Author': 'Chloé Dubois', 'Status': 'final'}),
    ], 1):
        summary, csv, metrics = _quarter(2024, q)
        base = f'reports/2024/q{q}/'
        objs += [Obj(base + 'summary.md', summary, MD, at(date), meta=meta),
                 Obj(base + 'revenue.csv', csv, CSV, at(date) - 600),
                 Obj(base + 'metrics.json', metrics, JSON, at(date) - 900,
                     meta={'Source': 'grafana', 'Generated-By': 'report-bot/1.4'})]
    objs.append(Obj('reports/2024/q1/board-deck.pdf', media.pdf(['Board meeting - Q1 2024', '', '1. Results',
                                                                   '2. Hiring plan', '3. Questions']),
                    'application/pdf', at('2024-04-08 08:00')))
    objs.append(Obj('reports/2024/q4/drafts/summary-draft.md', '# Q4 2024 (draft)\n\nTBD: numbers after close.\n',
                    MD, at('2024-11-20 15:00'), meta={'Status': 'draft'}))
    objs += [
        Obj('specs/api/v2/openapi.json', json.dumps({
            'openapi': '3.0.3', 'info': {'title': 'Acme Orders API', 'version': '2.1.0'},
            'paths': {'/orders': {'get': {'summary': 'List orders', 'responses': {'200': {'description': 'OK'}}}},
                      '/orders/{id}': {'get': {'summary': 'One order', 'parameters': [
                          {'name': 'id', 'in': 'path', 'required': True, 'schema': {'type': 'string'}}],
                          'responses': {'200': {'description': 'OK'}, '404': {'description': 'Not found'}}}}},
        }, indent=2) + '\n', JSON, at('2024-03-12 14:00')),
        Obj('specs/api/v2/schemas/user.schema.json', json.dumps({
            '$schema': 'https://json-schema.org/draft/2020-12/schema', 'title': 'User', 'type': 'object',
            'required': ['id', 'email'], 'properties': {'id': {'type': 'string'}, 'email': {'type': 'string'},
                                                      'displayName': {'type': 'string'}}}, indent=2) + '\n',
            'application/schema+json', at('2024-03-12 14:05')),
        Obj('specs/api/v2/schemas/order.schema.json', json.dumps({
            'title': 'Order', 'type': 'object', 'properties': {
                'id': {'type': 'string'}, 'total': {'type': 'number'}, 'currency': {'enum': ['EUR', 'USD', 'CHF']}}},
            indent=2) + '\n', JSON, at('2024-03-12 14:06')),
        Obj('specs/architecture.md', """# Architecture

```mermaid
graph LR
  client --> proxy --> objects[(Swift)]
  proxy --> keystone
```

| component | owner |
|---|---|
| proxy | platform |
| keystone | identity |

```python
def handler(event):
    return {"status": 200}
```
""", MD, at('2024-03-20 09:15')),
        Obj('contracts/acme/2024/msa-signed.pdf', media.pdf(['Master Services Agreement', 'Acme Corp / Example Ltd',
                                                             'Signed 2024-02-01']),
            'application/pdf', at('2024-02-01 17:00'), meta={'Signed-By': 'Ingrid Sørensen', 'Confidential': 'yes'}),
        Obj('contracts/acme/2024/sow-01.txt', 'Statement of work #1\nScope: migration of the object store.\n',
            TEXT, at('2024-02-03 10:00')),
        Obj('meetings/2024-06-03 weekly sync.md', '# Weekly sync\n\n- [x] demo ready\n- [ ] write the release notes\n',
            MD, at('2024-06-03 11:30')),
        Obj('config/app.yaml', 'server:\n  port: 8080\n  workers: 4\nstorage:\n  region: RegionOne\n'
                               '  container: documents\nfeatures:\n  - previews\n  - tempurls\n',
            'application/yaml', at('2024-05-02 08:00')),
        Obj('config/settings.xml', '<?xml version="1.0" encoding="UTF-8"?>\n<settings>\n'
                                   '  <timeout unit="s">30</timeout>\n  <locale>fr_CH</locale>\n</settings>\n',
            'application/xml', at('2024-05-02 08:01')),
        Obj('config/.env.example', 'API_URL=https://api.example.com\nAPI_KEY=changeme\n', TEXT, at('2024-05-02 08:02')),
        Obj('scripts/deploy.sh', '#!/bin/sh\nset -eu\necho "deploying $1"\n', 'text/x-shellscript',
            at('2024-05-10 13:00')),
        Obj('scripts/report.py', 'import csv\nimport sys\n\nfor row in csv.DictReader(open(sys.argv[1])):\n'
                                 '    print(row["month"], row["revenue_eur"])\n',
            'text/x-python', at('2024-05-10 13:05')),
    ]
    rnd = random.Random(99)
    first = ['Zoë', 'José', 'Chloé', 'Ingrid', 'Mateo', 'Aiko', 'Olu', 'Priya', 'Lars', 'Fatima']
    last = ['Ångström', 'Müller', 'Dubois', 'Sørensen', 'García', 'Tanaka', 'Adeyemi', 'Sharma', 'Berg', 'Haddad']
    rows = [(i, f'{rnd.choice(first)} {rnd.choice(last)}', f'user{i}@example.com',
             rnd.choice(['Zürich', 'Paris', 'São Paulo', 'Tokyo', 'Lagos, NG']),
             f'2024-0{rnd.randrange(1, 7)}-1{i % 10}')
            for i in range(1, 101)]
    objs.append(Obj('data/customers.csv', _csv(['id', 'name', 'email', 'city', 'since'], rows), CSV,
                    at('2024-06-01 06:00')))
    objs.append(Obj('data/events.jsonl', ''.join(json.dumps({'ts': f'2024-06-01T{h:02d}:00:00Z', 'type': t, 'n': h})
                                                 + '\n' for h, t in zip(range(24), ['view', 'click', 'buy'] * 8)),
                    'application/x-ndjson', at('2024-06-02 00:10')))
    return Container('documents', {'X-Container-Meta-Owner': 'operations', 'X-Container-Meta-Description':
                                   'Shared documents — demo'}, objs)


def _photos():
    objs = [
        Obj('2024/summer/beach.jpg', _jpg(160, 107, _beach(160, 107)), 'image/jpeg', at('2024-07-14 18:32'),
            meta={'Camera': 'Fujifilm X-T4', 'Location': 'Praia da Marinha, Portugal', 'Gps': '37.0899,-8.4127',
                  'Photographer': 'Åsa Øberg'}),
        Obj('2024/summer/sunset.jpg', _jpg(160, 107, _sky(160, 107, (40, 30, 90), (250, 130, 50),
                                                                 (80, 85, 18, (255, 200, 80)))),
            'image/jpeg', at('2024-07-14 21:05'), meta={'Camera': 'Fujifilm X-T4', 'Location': 'Zürich, Schweiz 🇨🇭'}),
        Obj('2024/summer/mountains.png', _png(128, 80, _mountains(128, 80)), 'image/png', at('2024-08-02 10:12'),
            meta={'Location': 'Grindelwald'}),
        Obj('2024/winter/snow.png', _png(96, 64, _snow(96, 64)), 'image/png', at('2024-01-20 09:00')),
        Obj('2024/winter/night-sky.jpg', _jpg(128, 96, _stars(128, 96)), 'image/jpeg', at('2024-01-21 23:40'),
            meta={'Exposure': '30s f/2.8 ISO 3200'}),
        Obj('2023/family/picnic.jpg', _jpg(120, 80, _beach(120, 80)), 'image/jpeg', at('2023-06-18 13:00')),
        Obj('thumbnails/beach_thumb.png', _png(32, 21, _beach(32, 21)), 'image/png', at('2024-07-15 08:00')),
        Obj('thumbnails/sunset_thumb.png', _png(32, 21, _sky(32, 21, (40, 30, 90), (250, 130, 50))), 'image/png',
            at('2024-07-15 08:00')),
        Obj('logo.svg', '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">'
                        '<circle cx="32" cy="32" r="29" fill="#dc283c"/><rect x="26" y="10" width="12" height="44" '
                        'fill="#fff"/><rect x="10" y="26" width="44" height="12" fill="#fff"/></svg>\n',
            'image/svg+xml', at('2024-03-01 12:00')),
        Obj('albums.json', json.dumps({'albums': [
            {'name': 'Summer 2024', 'prefix': '2024/summer/', 'cover': '2024/summer/beach.jpg'},
            {'name': 'Winter 2024', 'prefix': '2024/winter/'}, {'name': 'Family', 'prefix': '2023/family/'}]},
            indent=2) + '\n', JSON, at('2024-08-03 09:00')),
    ]
    return Container('photos', {'X-Container-Meta-Owner': 'marketing'}, objs)


def _backups():
    objs = []
    for d in range(1, 8):
        day = '2024-06-%02d' % d
        sql = ''.join("INSERT INTO orders VALUES (%d, 'customer-%d', %d.%02d, '%s');\n" % (
            d * 1000 + i, i % 97, (i * 37) % 500, i % 100, day) for i in range(300))
        objs.append(Obj(f'db/{day}/app.sql.gz', media.gz(('-- pg_dump of app, %s\nBEGIN;\n' % day + sql + 'COMMIT;\n')
                                                          .encode(), 'app.sql'),
                        'application/gzip', at(day + ' 02:00') + 17 * d,
                        meta={'Database': 'app', 'Tool': 'pg_dump 15'}))
    objs.append(Obj('config/app-config-2024-06-01.tar.gz', media.targz([
        ('etc/app/app.yaml', b'server:\n  port: 8080\n'), ('etc/app/logging.ini', b'[root]\nlevel = INFO\n'),
        ('etc/nginx/sites-enabled/app.conf',
         b'server { listen 80; location / { proxy_pass http://127.0.0.1:8080; } }\n'),
    ], at('2024-06-01 02:10')), 'application/gzip', at('2024-06-01 02:10')))
    fw = b'FWIMG\x00\x01\x02\x03' + media.pseudo_random('router-fw-1.2.3', 64 * 1024 - 9)
    import hashlib
    objs.append(Obj('firmware/router-fw-1.2.3.bin', fw, 'application/octet-stream', at('2024-04-22 07:30'),
                    meta={'Sha256': hashlib.sha256(fw).hexdigest(), 'Version': '1.2.3'}))
    objs.append(Obj('vm-images/tiny-disk.img', _lazy(media.pseudo_random, 'tiny-disk', 4 * 1024 * 1024),
                    'application/octet-stream', at('2024-05-30 22:00'), meta={'Format': 'raw', 'Size-Mib': '4'}))
    objs.append(Obj('manifest.json', json.dumps({'retentionDays': 30, 'latest': 'db/2024-06-07/app.sql.gz'}, indent=2)
                    + '\n', JSON, at('2024-06-07 02:30')))
    return Container('backups', {'X-Container-Meta-Quota-Bytes': str(10 * 1024 ** 3),
                                 'X-Container-Meta-Retention': '30 days'}, objs)


def _website():
    cc = {'Cache-Control': 'public, max-age=3600'}
    page = ('<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>{t}</title>\n'
            '<link rel="stylesheet" href="/assets/css/site.css"></head>\n<body>\n<img src="/assets/img/logo.png" '
            'alt="logo">\n<h1>{t}</h1>\n<p>{p}</p>\n<script src="/assets/js/app.js"></script>\n</body>\n</html>\n')
    html = 'text/html; charset=utf-8'
    objs = [
        Obj('index.html', page.format(t='Acme — home', p='Served straight from a public Swift container.'), html,
            at('2024-06-10 12:00'), headers=cc),
        Obj('about.html', page.format(t='About us', p='We store things. Carefully.'), html, at('2024-06-10 12:01'),
            headers=cc),
        Obj('404.html', page.format(t='Not found', p='Nothing here.'), html, at('2024-06-10 12:02')),
        Obj('robots.txt', 'User-agent: *\nAllow: /\nSitemap: /sitemap.xml\n', TEXT, at('2024-06-10 12:03')),
        Obj('sitemap.xml', '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/'
                           'sitemap/0.9">\n  <url><loc>/index.html</loc></url>\n  <url><loc>/about.html</loc></url>\n'
                           '</urlset>\n', 'application/xml', at('2024-06-10 12:04')),
        Obj('favicon.png', _png(16, 16, _logo(16, 16), alpha=True), 'image/png', at('2024-06-10 12:05'),
            headers=cc),
        Obj('assets/css/site.css', 'body { font-family: system-ui, sans-serif; margin: 2rem; }\n'
                                   'h1 { color: #dc283c; }\nimg { width: 64px; }\n', 'text/css', at('2024-06-10 11:00'),
            headers=cc),
        Obj('assets/css/vendor/normalize.min.css', 'html{line-height:1.15;-webkit-text-size-adjust:100%}'
                                                   'body{margin:0}main{display:block}\n', 'text/css',
            at('2024-06-10 11:01'), headers=cc),
        Obj('assets/js/app.js', "document.addEventListener('DOMContentLoaded', () => {\n"
                                "  console.log('hello from Swift');\n});\n", 'application/javascript',
            at('2024-06-10 11:02'), headers=cc),
        Obj('assets/js/vendor/tiny-lib.min.js', '!function(){window.tiny={v:"1.0.0"}}();\n', 'application/javascript',
            at('2024-06-10 11:03'), headers=cc),
        Obj('assets/img/logo.png', _png(64, 64, _logo(64, 64), alpha=True), 'image/png', at('2024-06-10 11:04'),
            headers=cc),
        Obj('assets/img/hero.jpg', _jpg(192, 96, _mountains(192, 96)), 'image/jpeg', at('2024-06-10 11:05'),
            headers=cc),
        Obj('assets/data/products.json', json.dumps([{'sku': 'A-1', 'name': 'Widget', 'price': 9.5},
                                                    {'sku': 'B-2', 'name': 'Gadget “pro”', 'price': 19}], indent=2)
            + '\n', JSON, at('2024-06-10 11:06')),
        Obj('blog/2024/06/hello-world/index.html', page.format(t='Hello, world', p='Our first post.'), html,
            at('2024-06-11 09:00'), meta={'Author': 'Chloé Dubois'}),
    ]
    return Container('website', {'X-Container-Read': '.r:*,.rlistings',
                                 'X-Container-Meta-Web-Index': 'index.html',
                                 'X-Container-Meta-Web-Error': '404.html'}, objs)


def _logs():
    objs = []
    for d in range(1, 8):
        day = '2024-06-%02d' % d
        objs.append(Obj(f'app/2024/06/{d:02d}/app.log', _log_lines(day, 120, d), TEXT, at(day + ' 23:59')))
        objs.append(Obj(f'nginx/access.log.{day}.gz', media.gz(_access_log(day.replace('-', '/'), 200, 100 + d)
                                                                .encode(), f'access.log.{day}'),
                        'application/gzip', at(day + ' 23:59') + 60))
    objs.append(Obj('audit/2024-06.jsonl', ''.join(json.dumps({'ts': f'2024-06-{d:02d}T12:00:00Z', 'user': u,
                                                               'action': a}) + '\n'
                                                   for d, u, a in zip(range(1, 8), ['zoe', 'jose', 'chloe'] * 3,
                                                                      ['login', 'download', 'delete'] * 3)),
                    'application/x-ndjson', at('2024-06-07 23:59')))
    objs.append(Obj('README.txt', 'Logs are kept for 90 days. app/ is plain text, nginx/ is gzip.\n', TEXT,
                    at('2024-06-01 00:00')))
    return Container('logs', {'X-Container-Meta-Retention': '90 days'}, objs)


# Hostile object names. Body of each: a line saying what the name is (repr), so a wrong object is obvious when opened.
COMBO_NAME = 'combo/it\'s "all" $(echo hi) `date` ; a&b=c+d %2F 100% ?x=1#frag 🚀 é.txt'
NEWLINE_NAME = 'line\nbreak.txt'
CAFE_NFC = unicodedata.normalize('NFC', 'nfc-nfd/café.txt')
CAFE_NFD = unicodedata.normalize('NFD', 'nfc-nfd/café.txt')
HOSTILE_NAMES = [
    'spaces in name.txt', ' leading space.txt', 'trailing space.txt ', 'double  space.txt',
    "it's.txt", 'say "hello".txt', '“smart quotes”.txt', '‘single smart’.txt',
    '$(echo hi).txt', '`echo hi`.txt', '${HOME}.txt', 'semi;colon.txt', 'a; echo injected.txt',
    'pipe|and>redirect<.txt', 'literal%2Fslash.txt', '100% done.txt', '%20not-a-space.txt',
    '%E2%9C%93 looks-encoded.txt', 'question?.txt', 'what?x=1&y=2.txt', '#hash.txt', 'anchor#top.txt',
    'a+b=c.txt', 'rock & roll.txt', 'back\\slash.txt', 'colon:name.txt', 'star*glob?.txt', 'CON', 'nul.txt',
    '-rf', '--help.txt', '.hidden', '..double-dot-prefix.txt', 'no-extension', 'many.dots.tar.gz.txt',
    '<script>alert(1)</script>.html', '<img src=x onerror=alert(1)>.txt', '[link](http://evil.example).md',
    '**bold** _it_.md', 'url/http:/example.com?a=1&b=2#frag',
    'unicode/日本語のファイル.txt', 'unicode/Ελληνικά.md', 'unicode/Ünïcödé.txt', 'unicode/𝔘𝔫𝔦𝔠𝔬𝔡𝔢 astral.txt',
    'rtl/\u200fmark-at-start.txt', 'rtl/left\u200fright.txt', 'rtl/invoice-\u202efdp.exe', 'rtl/שלום עולם.txt',
    'rtl/مرحبا.txt',
    'emoji/🚀 launch.md', 'emoji/👨\u200d👩\u200d👧\u200d👦 family.txt', 'emoji/🇨🇭 flag.txt', 'emoji/❤️ variation.txt',
    CAFE_NFC, CAFE_NFD,
    unicodedata.normalize('NFC', 'nfc-nfd/résumé/in-NFC-folder.txt'),
    unicodedata.normalize('NFD', 'nfc-nfd/résumé/in-NFD-folder.txt'),
    'zero-width/a\u200bb.txt', 'zero-width/soft\u00adhyphen.txt',
    NEWLINE_NAME, 'tab\there.txt', 'carriage\rreturn.txt',
    '/leading-slash.txt', '//double-leading-slash.txt', 'trailing-slash/', 'trailing-slash/child.txt',
    'double//slash.txt', 'deep/a//b///c.txt',
    '../escape.txt', 'a/./b/../c.txt',
    'case/README.txt', 'case/readme.txt', 'case/ReadMe.txt',
    'sort/a', 'sort/a/', 'sort/a/b', 'sort/a-b', 'sort/a.b', 'sort/a0', 'sort/A',
    'long/' + 'very-' * 48 + 'long-name.txt',  # 253-byte last segment: fits most file systems (255)
    'long/' + 'segment-' * 40 + 'too-long-for-a-local-file.txt',  # 349 bytes: longer than NAME_MAX
    'deep/' + '/'.join('level-%02d' % i for i in range(1, 21)) + '/bottom.txt',
    'empty.txt',
    COMBO_NAME,
]


def _hostile_body(name):
    if name == 'empty.txt':
        return b''
    return ('This object is named %s\nUTF-8 bytes of the name: %s\n'
            % (ascii(name), name.encode('utf-8').hex(' '))).encode()


def _weird():
    t0 = at('2024-06-15 12:00')
    objs = []
    for i, name in enumerate(HOSTILE_NAMES):
        meta = {}
        if name == COMBO_NAME:
            meta = {'Note': 'He said "hi"; it\'s <b>bold</b> & 100% `ok`', 'Emoji': '🚀✨', 'Rtl': 'שלום',
                    'Nfd': unicodedata.normalize('NFD', 'café')}
        objs.append(Obj(name, _hostile_body(name), TEXT, t0 + 60 * i, meta=meta))
    return Container('weird-names', {'X-Container-Meta-Description': 'object names that break naive clients'}, objs)


def _shared():
    objs = [
        Obj('présentation.md', '# Présentation\n\nDonnées partagées entre les équipes de Genève et de Montréal.\n', MD,
            at('2024-04-02 09:00'), meta={'Auteur': 'Chloé Dubois'}),
        Obj('budget 2024 (v2).csv', _csv(['poste', 'montant_chf'], [('Matériel', 12000), ('Formation', 3500),
                                                                    ('Déplacements, hôtels', 8000)]), CSV,
            at('2024-04-03 14:00')),
        Obj('équipe/réunion du 3 juin.txt', 'Ordre du jour :\n1. Bilan\n2. Étapes suivantes\n', TEXT,
            at('2024-06-03 08:00')),
        Obj('日本/計画.md', '# 計画\n\n- 東京オフィスの移転\n- 新しいストレージ\n', MD, at('2024-05-15 01:00')),
        Obj('📁 dossier/🚀 lancement.txt', 'Lancement prévu le 1er juillet.\n', TEXT, at('2024-06-20 16:00')),
    ]
    return Container('données partagées', {'X-Container-Meta-Owner': 'Équipe Données'}, objs)


def _replica_notes():
    objs = [
        Obj('README.md', '# RegionTwo\n\nThis region holds only replica notes and a few EU photos: the two regions of '
                         'the demo are different clusters with different data.\n', MD, at('2024-06-05 10:00'),
            meta={'Region': 'RegionTwo', 'Maintainer': 'Ingrid Sørensen'}),
        Obj('sync/2024-06-01.json', json.dumps({'from': 'RegionOne', 'to': 'RegionTwo', 'containers': 3,
                                                'objects': 1204, 'ok': True}, indent=2) + '\n', JSON,
            at('2024-06-01 03:00'), meta={'Replicated-From': 'RegionOne'}),
        Obj('sync/2024-06-02.json', json.dumps({'from': 'RegionOne', 'to': 'RegionTwo', 'containers': 3,
                                                'objects': 1210, 'ok': False, 'error': 'timeout'}, indent=2) + '\n',
            JSON, at('2024-06-02 03:00'), meta={'Replicated-From': 'RegionOne', 'Status': 'failed'}),
        Obj('regions.csv', _csv(['region', 'city', 'primary'], [('RegionOne', 'Zürich', 'yes'),
                                                               ('RegionTwo', 'Montréal', 'no')]), CSV,
            at('2024-06-05 10:05')),
    ]
    return Container('replica-notes', {'X-Container-Meta-Region': 'RegionTwo'}, objs)


def _photos_eu():
    return Container('photos-eu', {}, [
        Obj('2024/lisbon.jpg', _jpg(120, 80, _beach(120, 80)), 'image/jpeg', at('2024-07-01 19:00'),
            meta={'Location': 'Lisboa'}),
        Obj('2024/paris.png', _png(96, 64, _stars(96, 64)), 'image/png', at('2024-07-03 22:30'),
            meta={'Location': 'Paris, Île-de-France'}),
    ])


def build():
    return {
        'RegionOne': [_documents(), _photos(), _backups(), _website(), _logs(), _weird(), _shared(),
                      Container('scratch', {'X-Container-Meta-Description': 'empty on purpose'}),
                      Container(BIG_CONTAINER, {'X-Container-Meta-Description':
                                                '25,000 sensor readings, 25 shards x 1,000 parts'},
                                expected_count=BIG_SHARDS * BIG_PER_SHARD)],
        'RegionTwo': [_replica_notes(), _photos_eu()],
    }
