/**
 * The metadata document of an account, container or object as Markdown, in three groups: content facts
 * (sizes, counts, dates, ETag), user metadata (`X-{Account,Container,Object}-Meta-*`), and every other
 * header, sorted. Pure: it reads the info the Swift client built from a HEAD answer.
 *
 * Secrets never appear: temp URL keys are said to be set, not shown, and any header the redactor knows as
 * secret is left out even if a caller forgot to mask it.
 */
import * as l10n from '@vscode/l10n';
import type { AccountInfo, ContainerInfo, ObjectInfo } from '../openstack/swift/metadata';
import { SECRET_HEADERS } from '../openstack/redact';
import { isPublicListing, isPublicRead } from '../openstack/swift/acl';
import { describeVersioning, versioningOf } from '../openstack/swift/versions';
import { corsOf, websiteOf } from '../openstack/swift/delivery';
import { dateFromSwiftTimestamp, isoDate, sizeWithBytes } from '../ui/format';
import { code, facts, table, text } from './markdown';

export type MetadataSubject = { kind: 'account'; info: AccountInfo } | { kind: 'container'; info: ContainerInfo } | { kind: 'object'; info: ObjectInfo };

export interface MetadataDocumentInput {
  subject: MetadataSubject;
  profileName: string;
  region: string;
  container?: string;
  object?: string;
  fetchedAt: Date;
}

/** Headers shown among the content facts, so not repeated among the system headers. */
const SHOWN_AS_FACTS: Record<MetadataSubject['kind'], string[]> = {
  account: ['x-account-container-count', 'x-account-object-count', 'x-account-bytes-used', 'x-account-meta-quota-bytes', 'x-timestamp'],
  container: [
    'x-container-object-count',
    'x-container-bytes-used',
    'x-container-meta-quota-bytes',
    'x-container-meta-quota-count',
    'x-storage-policy',
    'x-container-read',
    'x-container-write',
    'x-versions-enabled',
    'x-versions-location',
    'x-history-location',
    'last-modified',
    'x-timestamp',
  ],
  object: ['content-length', 'content-type', 'etag', 'last-modified', 'x-timestamp', 'x-delete-at', 'x-static-large-object', 'x-object-manifest'],
};

export function renderMetadataDocument(input: MetadataDocumentInput): string {
  const { subject } = input;
  const prefix = `x-${subject.kind}-meta-`;
  return [
    `# ${heading(input)}`,
    '',
    l10n.t(
      'Profile {0}, region {1}; fetched {2}. Run "Show Metadata" again to refresh.',
      text(input.profileName),
      text(input.region || l10n.t('(default)')),
      code(isoDate(input.fetchedAt)),
    ),
    '',
    '## Content',
    '',
    facts(contentFacts(subject)),
    '',
    l10n.t('## User metadata ({0})', code(`X-${capitalized(subject.kind)}-Meta-*`)),
    '',
    userMetadata(subject.info.meta),
    '',
    l10n.t('## Other headers'),
    '',
    systemHeaders(subject.info.headers, [...SHOWN_AS_FACTS[subject.kind]], prefix),
    '',
  ].join('\n');
}

function heading(input: MetadataDocumentInput): string {
  if (input.subject.kind === 'object') return l10n.t('Object {0} in container {1}', code(input.object ?? ''), code(input.container ?? ''));
  if (input.subject.kind === 'container') return l10n.t('Container {0}', code(input.container ?? ''));
  return l10n.t('Account in region {0}', text(input.region || l10n.t('(default)')));
}

function contentFacts(subject: MetadataSubject): Array<[string, string]> {
  switch (subject.kind) {
    case 'object': {
      const o = subject.info;
      const rows: Array<[string, string]> = [
        [l10n.t('Size'), sizeWithBytes(o.bytes)],
        [l10n.t('Content type'), o.contentType ? code(o.contentType) : '—'],
        ['ETag', o.etag ? code(o.etag) : '—'],
        [l10n.t('Last modified'), dateFact(o.lastModified)],
        ['X-Timestamp', timestampFact(o.timestamp)],
      ];
      if (o.staticLargeObject) rows.push([l10n.t('Large object'), l10n.t('static (SLO manifest: the ETag is not the MD5 of the content)')]);
      if (o.dynamicLargeObject !== undefined) rows.push([l10n.t('Large object'), l10n.t('dynamic (DLO), segments under {0}', code(o.dynamicLargeObject))]);
      if (o.deleteAt) rows.push([l10n.t('Deleted at'), dateFact(o.deleteAt)]);
      return rows;
    }
    case 'container': {
      const c = subject.info;
      const rows: Array<[string, string]> = [
        [l10n.t('Objects'), count(c.objectCount)],
        [l10n.t('Bytes used'), sizeWithBytes(c.bytes)],
        [l10n.t('Last modified'), dateFact(httpDate(c.headers['last-modified']))],
        ['X-Timestamp', timestampFact(c.headers['x-timestamp'])],
      ];
      rows.push([l10n.t('Quota (bytes)'), c.quotaBytes === undefined ? l10n.t('none') : sizeWithBytes(c.quotaBytes)]);
      rows.push([l10n.t('Quota (objects)'), c.quotaCount === undefined ? l10n.t('none') : count(c.quotaCount)]);
      if (c.storagePolicy) rows.push([l10n.t('Storage policy'), code(c.storagePolicy)]);
      rows.push([l10n.t('Public'), publicText(c.readAcl)]);
      rows.push(
        [l10n.t('Read ACL'), c.readAcl ? code(c.readAcl) : l10n.t('none (private)')],
        [l10n.t('Write ACL'), c.writeAcl ? code(c.writeAcl) : l10n.t('none')],
      );
      rows.push([l10n.t('Versioning'), text(describeVersioning(versioningOf(c.headers)))]);
      rows.push([l10n.t('Temp URL key'), c.tempUrlKeySet ? l10n.t('set (value hidden)') : l10n.t('not set')]);
      rows.push([l10n.t('Website'), text(websiteText(c.meta))], ['CORS', text(corsText(c.meta))]);
      return rows;
    }
    case 'account': {
      const a = subject.info;
      const rows: Array<[string, string]> = [
        [l10n.t('Containers'), count(a.containerCount)],
        [l10n.t('Objects'), count(a.objectCount)],
        [l10n.t('Bytes used'), sizeWithBytes(a.bytes)],
        ['X-Timestamp', timestampFact(a.headers['x-timestamp'])],
      ];
      rows.push([l10n.t('Quota (bytes)'), a.quotaBytes === undefined ? l10n.t('none') : sizeWithBytes(a.quotaBytes)]);
      rows.push([l10n.t('Temp URL key'), a.tempUrlKeySet ? l10n.t('set (value hidden)') : l10n.t('not set, or not visible to this user')]);
      return rows;
    }
  }
}

/** The staticweb settings in one line (they are the container's Web-* metadata, edited there or by Edit Website…). */
function websiteText(meta: Record<string, string>): string {
  const w = websiteOf(meta);
  const parts = [
    w.index && l10n.t('index page {0}', w.index),
    w.error && l10n.t('error pages {0}', w.error),
    w.listings !== undefined && l10n.t('listings {0}', w.listings ? l10n.t('on') : l10n.t('off')),
    w.listingsCss && l10n.t('listings CSS {0}', w.listingsCss),
  ].filter((p): p is string => !!p);
  return parts.length ? parts.join(', ') : l10n.t('not set');
}

function corsText(meta: Record<string, string>): string {
  const c = corsOf(meta);
  const parts = [
    c.allowOrigin && l10n.t('allowed origins {0}', c.allowOrigin),
    c.exposeHeaders && l10n.t('exposed headers {0}', c.exposeHeaders),
    c.maxAge !== undefined && l10n.t('max age {0} s', c.maxAge),
  ].filter((p): p is string => !!p);
  return parts.length ? parts.join(', ') : l10n.t('not set');
}

function publicText(acl: string | undefined): string {
  if (isPublicListing(acl)) return l10n.t('yes: anyone on the internet can read and list it, no token needed');
  if (isPublicRead(acl)) return l10n.t('yes: anyone on the internet can read its objects (not list them), no token needed');
  return l10n.t('no');
}

/** "2024-05-01T10:20:30.123Z (`1714558830.12345`)": the ISO date and the exact value Swift sent. */
function timestampFact(raw: string | undefined): string {
  if (!raw) return '—';
  const date = dateFromSwiftTimestamp(raw);
  return date ? `${code(isoDate(date))} (${code(raw)})` : code(raw);
}

function httpDate(value: string | undefined): Date | undefined {
  return value ? new Date(value) : undefined;
}

function dateFact(date: Date | undefined): string {
  const iso = isoDate(date);
  return iso === '—' ? iso : code(iso);
}

function userMetadata(meta: Record<string, string>): string {
  const keys = Object.keys(meta).sort();
  if (keys.length === 0) return 'None.';
  return table(
    ['Key', 'Value'],
    keys.map((key) => {
      const { value, percentEncoded } = decodeMetaValue(meta[key]);
      return [code(key), percentEncoded ? l10n.t('{0} (stored percent-encoded)', code(value)) : code(value)];
    }),
  );
}

/**
 * Some clients store non-ASCII metadata percent-encoded ("caf%C3%A9"). Such a value is shown decoded when
 * it has an escape of a non-ASCII byte and decodes as UTF-8; anything else (e.g. "100%" or "50%25 off"
 * typed by a person) is shown as stored, since decoding it would change what the user wrote.
 */
export function decodeMetaValue(value: string): { value: string; percentEncoded: boolean } {
  if (!/%[89a-f][0-9a-f]/i.test(value) || /%(?![0-9a-f]{2})/i.test(value)) return { value, percentEncoded: false };
  try {
    return { value: decodeURIComponent(value), percentEncoded: true };
  } catch {
    return { value, percentEncoded: false };
  }
}

function systemHeaders(headers: Record<string, string>, shown: string[], userPrefix: string): string {
  const names = Object.keys(headers)
    .map((n) => n.toLowerCase())
    .filter((n) => !n.startsWith(userPrefix) && !shown.includes(n) && !SECRET_HEADERS.has(n))
    .sort();
  if (names.length === 0) return 'None.';
  const lookup = new Map(Object.entries(headers).map(([n, v]) => [n.toLowerCase(), v]));
  return table(
    ['Header', 'Value'],
    names.map((n) => [code(n), code(lookup.get(n) ?? '')]),
  );
}

function count(n: number): string {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function capitalized(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
