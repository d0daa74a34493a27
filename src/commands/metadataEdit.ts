/**
 * Edit Metadata… on an account, container or object: a QuickPick of the current user metadata where keys
 * are added, changed and removed; nothing is sent until "Apply Changes", and then in one POST (planned by
 * swift/access.ts from a fresh HEAD, so what a POST would drop is sent again). The metadata document then
 * shows the result.
 */
import type { ProfileStore } from '../auth/profileStore';
import type { MetadataDocuments } from '../documents/metadataDocument';
import { OpenStackError } from '../openstack/errors';
import { MetaSubject, editMetadata, metaLimits } from '../openstack/swift/access';
import { MetaLimits, applyMetaChanges, checkMetaKey, checkMetaValue, isReservedMetaKey } from '../openstack/swift/metaEdit';
import { ADD_KEY, APPLY, EDIT_VALUE, MetaDraft, REMOVE_KEY } from './accessOptions';
import type { Prompts } from '../ui/prompts';
import { withProgress, withViewProgress } from '../ui/run';
import { StorageLocation, describeLocation, metadataLocationOf } from '../location';

export const EDIT_TITLE = 'Edit Metadata';

export async function editMetadataCommand(store: ProfileStore, prompts: Prompts, metadata: MetadataDocuments, arg: unknown): Promise<void> {
  const target = metadataLocationOf(arg);
  if (!target) throw new Error('Edit Metadata works on an account (region), container or object in the OpenStack Storage view.');
  const what = describeLocation(target);
  const subject = subjectOf(target);
  const { client, meta, limits } = await withViewProgress(`Reading the metadata of ${what}…`, async (signal) => {
    const client = await store.session(target.profileId).swift(target.region || undefined, signal);
    const info =
      subject.kind === 'object'
        ? await client.headObject(subject.container, subject.name, signal)
        : subject.kind === 'container'
          ? await client.headContainer(subject.container, signal)
          : await client.headAccount(signal);
    // Quotas and temp URL keys have their own commands (and checks): not offered as plain metadata.
    const meta = subject.kind === 'object' ? info.meta : Object.fromEntries(Object.entries(info.meta).filter(([k]) => !isReservedMetaKey(k)));
    return { client, meta, limits: await metaLimits(client, signal) };
  });

  const draft = new MetaDraft(meta);
  const metaKind = subject.kind;
  for (;;) {
    const rows = draft.current().map(([key, value]) => ({ label: key, description: value, detail: draft.state(key) && `(${draft.state(key)})`, key }));
    const count = draft.count();
    const items = [
      ...rows,
      { label: ADD_KEY, description: '', detail: undefined, key: undefined },
      ...(count ? [{ label: APPLY, description: `${count} change${count === 1 ? '' : 's'}, sent in one request`, detail: undefined, key: undefined }] : []),
    ];
    const picked = await prompts.pick(items, {
      title: `${EDIT_TITLE}: ${what}`,
      placeHolder: rows.length ? 'Pick a key to change or remove it, Add Key…, then Apply Changes (Escape discards)' : 'No user metadata yet: Add Key…',
    });
    if (picked.label === APPLY) break;
    if (picked.key === undefined) {
      const key = await prompts.input({
        title: `${EDIT_TITLE}: new key`,
        prompt: 'Key (ASCII letters, digits and - ; Swift stores it lower case)',
        validateInput: (v) => problem(() => checkMetaKey(v.trim(), limits, metaKind)),
      });
      const name = checkMetaKey(key.trim(), limits, metaKind);
      draft.set(name, await askValue(prompts, name, undefined, limits, draft));
      continue;
    }
    const action = await prompts.pick([{ label: EDIT_VALUE }, { label: REMOVE_KEY }], { title: `${EDIT_TITLE}: ${picked.key}` });
    if (action.label === REMOVE_KEY) draft.remove(picked.key);
    else draft.set(picked.key, await askValue(prompts, picked.key, picked.description, limits, draft));
  }

  await withProgress(`Saving the metadata of ${what}…`, async (signal) => {
    await editMetadata(client, subject, draft.changes, signal);
    await metadata.show(target, signal);
  });
}

async function askValue(prompts: Prompts, key: string, current: string | undefined, limits: MetaLimits, draft: MetaDraft): Promise<string> {
  const value = await prompts.input({
    title: `${EDIT_TITLE}: value of "${key}"`,
    prompt: 'Any text, non-ASCII included (no line breaks)',
    value: current,
    validateInput: (v) =>
      problem(() => checkMetaValue(key, v, limits)) ??
      problem(() => applyMetaChanges(Object.fromEntries(draft.current()), { set: { [key]: v }, remove: [] }, limits)),
  });
  return checkMetaValue(key, value, limits);
}

function problem(check: () => unknown): string | undefined {
  try {
    check();
    return undefined;
  } catch (e) {
    if (e instanceof OpenStackError) return e.message;
    throw e;
  }
}

export function subjectOf(target: StorageLocation): MetaSubject {
  if (target.container === undefined) return { kind: 'account' };
  if (target.object === undefined) return { kind: 'container', container: target.container };
  return { kind: 'object', container: target.container, name: target.object };
}
