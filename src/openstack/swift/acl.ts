/**
 * Container read ACLs (`X-Container-Read`): a comma-separated list of referrer rules (`.r:*`,
 * `.r:example.com`, `.r:-bad.com`), `.rlistings`, and project/user grants (`project:user`, `project:*`).
 * Public read is exactly `.r:*` (anyone may GET objects) plus `.rlistings` (anyone may list); making a
 * container public or private adds or removes those two entries and keeps every other one. Pure.
 */

export const PUBLIC_READ_ENTRIES = ['.r:*', '.rlistings'] as const;

/** The entries of an ACL, trimmed, empty ones dropped, order kept. */
export function parseAcl(acl: string | undefined): string[] {
  return (acl ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e !== '');
}

/** Anyone on the internet can read the container's objects (with or without listing). */
export function isPublicRead(acl: string | undefined): boolean {
  return parseAcl(acl).includes('.r:*');
}

/** Anyone can also list the container. */
export function isPublicListing(acl: string | undefined): boolean {
  const entries = parseAcl(acl);
  return entries.includes('.r:*') && entries.includes('.rlistings');
}

/** The ACL with public read added or removed, other entries kept in order; '' when nothing is left. */
export function withPublicRead(acl: string | undefined, makePublic: boolean): string {
  const entries = parseAcl(acl).filter((e) => !(PUBLIC_READ_ENTRIES as readonly string[]).includes(e));
  return (makePublic ? [...entries, ...PUBLIC_READ_ENTRIES] : entries).join(',');
}
