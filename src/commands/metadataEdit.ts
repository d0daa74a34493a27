/**
 * Edit Metadata… on an account, container or object: a QuickPick of the current user metadata where keys
 * are added, changed and removed; nothing is sent until "Apply Changes", and then in one POST (planned by
 * swift/access.ts from a fresh HEAD, so what a POST would drop is sent again). The metadata document then
 * shows the result.
 */
import * as l10n from '@vscode/l10n';
import type { ProfileStore } from '../auth/profileStore';
import type { MetadataDocuments } from '../documents/metadataDocument';
import { OpenStackError } from '../openstack/errors';
import { MetaSubject, editMetadata, metaLimits } from '../openstack/swift/access';
import { MetaLimits, applyMetaChanges, checkMetaKey, checkMetaValue, isReservedMetaKey } from '../openstack/swift/metaEdit';
import { ADD_KEY, APPLY, EDIT_VALUE, MetaDraft, REMOVE_KEY } from './accessOptions';
import type { Prompts } from '../ui/prompts';
import { withProgress, withViewProgress } from '../ui/run';
import { StorageLocation, describeLocation, metadataLocationOf } from '../location';

export async function editMetadataCommand(store: ProfileStore, prompts: Prompts, metadata: MetadataDocuments, arg: unknown): Promise<void> {
  const target = metadataLocationOf(arg);
  if (!target) throw new Error(l10n.t('Edit Metadata works on an account (region), container or object in the OpenStack Storage view.'));
  const what = describeLocation(target);
  const subject = subjectOf(target);
  const { client, meta, limits } = await withViewProgress(l10n.t('Reading the metadata of {0}…', what), async (signal) => {
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
    const rows = draft.current().map(([key, value]) => ({ label: key, description: value, detail: stateText(draft.state(key)), key }));
    const count = draft.count();
    const items = [
      ...rows,
      { label: ADD_KEY(), description: '', detail: undefined, key: undefined },
      ...(count
        ? [
            {
              label: APPLY(),
              description: count === 1 ? l10n.t('1 change, sent in one request') : l10n.t('{0} changes, sent in one request', count),
              detail: undefined,
              key: undefined,
            },
          ]
        : []),
    ];
    const picked = await prompts.pick(items, {
      title: l10n.t('Edit Metadata: {0}', what),
      placeHolder: rows.length
        ? l10n.t('Pick a key to change or remove it, Add Key…, then Apply Changes (Escape discards)')
        : l10n.t('No user metadata yet: Add Key…'),
    });
    if (picked.label === APPLY()) break;
    if (picked.key === undefined) {
      const key = await prompts.input({
        title: l10n.t('Edit Metadata: new key'),
        prompt: l10n.t('Key (ASCII letters, digits and - ; Swift stores it lower case)'),
        validateInput: (v) => problem(() => checkMetaKey(v.trim(), limits, metaKind)),
      });
      const name = checkMetaKey(key.trim(), limits, metaKind);
      draft.set(name, await askValue(prompts, name, undefined, limits, draft));
      continue;
    }
    const action = await prompts.pick([{ label: EDIT_VALUE() }, { label: REMOVE_KEY() }], { title: l10n.t('Edit Metadata: {0}', picked.key) });
    if (action.label === REMOVE_KEY()) draft.remove(picked.key);
    else draft.set(picked.key, await askValue(prompts, picked.key, picked.description, limits, draft));
  }

  await withProgress(l10n.t('Saving the metadata of {0}…', what), async (signal) => {
    await editMetadata(client, subject, draft.changes, signal);
    await metadata.show(target, signal);
  });
}

async function askValue(prompts: Prompts, key: string, current: string | undefined, limits: MetaLimits, draft: MetaDraft): Promise<string> {
  const value = await prompts.input({
    title: l10n.t('Edit Metadata: value of "{0}"', key),
    prompt: l10n.t('Any text, non-ASCII included (no line breaks)'),
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

function stateText(state: string | undefined): string | undefined {
  return state === 'new' ? l10n.t('(new)') : state === 'changed' ? l10n.t('(changed)') : state;
}
