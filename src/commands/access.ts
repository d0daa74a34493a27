/**
 * Access and lifecycle commands: Edit Metadata… (metadataEdit.ts), Make Public… / Make Private, Set Quota…,
 * Enable / Disable Versioning…, Show Versions. The Swift work is in openstack/swift/access.ts and
 * versions.ts; here are only the questions, the progress and the sentences.
 */
import * as vscode from 'vscode';
import type { ProfileStore } from '../auth/profileStore';
import type { MetadataDocuments } from '../documents/metadataDocument';
import { READONLY_SCHEME, type ObjectFiles } from '../objectFileSystems';
import { OpenStackError, isOpenStackError } from '../openstack/errors';
import { isPublicRead } from '../openstack/swift/acl';
import { quotaSupport, setAccountQuota, setContainerQuota, setPublicRead, setVersioning } from '../openstack/swift/access';
import { displayName, swiftUrl } from '../openstack/swift/names';
import { describeVersioning, listLegacyVersions, listObjectVersions, versioningOf } from '../openstack/swift/versions';
import type { ContainerNode } from '../views/nodes';
import { parseByteQuota, parseCountQuota, publicWarning, quotaText, versionItem } from './accessOptions';
import { editMetadataCommand } from './metadataEdit';
import type { Prompts } from '../ui/prompts';
import { UserCancelled, withProgress, type CommandEntry, withViewProgress } from '../ui/run';
import { ContainerLocation, describeLocation, metadataLocationOf, objectLocationOf } from '../location';
import { commandId } from '../ui/commandIds';

export class AccessCommands {
  constructor(
    private readonly store: ProfileStore,
    private readonly prompts: Prompts,
    private readonly metadata: MetadataDocuments,
    private readonly files: ObjectFiles,
  ) {}

  commands(): CommandEntry[] {
    return [
      { id: 'editMetadata', run: (arg) => editMetadataCommand(this.store, this.prompts, this.metadata, arg), doing: vscode.l10n.t('Editing the metadata') },
      { id: 'makePublic', run: (arg) => this.setPublic(arg, true), doing: vscode.l10n.t('Making the container public') },
      { id: 'makePrivate', run: (arg) => this.setPublic(arg, false), doing: vscode.l10n.t('Making the container private') },
      { id: 'setQuota', run: (arg) => this.setQuota(arg), doing: vscode.l10n.t('Setting the quota') },
      { id: 'enableVersioning', run: (arg) => this.setVersioning(arg, true), doing: vscode.l10n.t('Enabling versioning') },
      { id: 'disableVersioning', run: (arg) => this.setVersioning(arg, false), doing: vscode.l10n.t('Disabling versioning') },
      { id: 'showVersions', run: (arg) => this.showVersions(arg), doing: vscode.l10n.t('Showing the versions') },
    ];
  }

  private client(target: { profileId: string; region: string }, signal: AbortSignal) {
    return this.store.session(target.profileId).swift(target.region || undefined, signal);
  }

  async setPublic(arg: unknown, makePublic: boolean): Promise<string> {
    const target = containerTargetOf(arg, makePublic ? vscode.l10n.t('Make Public') : vscode.l10n.t('Make Private'));
    const name = displayName(target.container);
    if (makePublic) {
      const url = await withViewProgress(vscode.l10n.t('Reading the container…'), async (signal) =>
        swiftUrl((await this.client(target, signal)).storageUrl, target.container),
      );
      const { message, detail } = publicWarning(target.container, url);
      if (!(await this.prompts.confirm(message, detail, vscode.l10n.t('Make Public')))) throw new UserCancelled();
    }
    const acl = await withProgress(
      makePublic ? vscode.l10n.t('Opening container {0} to anonymous readers…', name) : vscode.l10n.t('Closing container {0} to anonymous readers…', name),
      async (signal) => setPublicRead(await this.client(target, signal), target.container, makePublic, signal),
    );
    await this.showAccess(arg, { publicRead: isPublicRead(acl) });
    void vscode.window.showInformationMessage(
      makePublic
        ? vscode.l10n.t('Container {0} is public: anyone can read and list it with no token.', name)
        : acl
          ? vscode.l10n.t('Container {0} is private again (read ACL kept: {1}).', name, acl)
          : vscode.l10n.t('Container {0} is private again.', name),
    );
    return acl;
  }

  async setQuota(arg: unknown): Promise<void> {
    const target = metadataLocationOf(arg);
    if (!target || target.object !== undefined)
      throw new Error(vscode.l10n.t('Set Quota works on a container or an account (region) in the OpenStack Storage view.'));
    const what = describeLocation(target);
    const current = await withViewProgress(vscode.l10n.t('Reading the quotas of {0}…', what), async (signal) => {
      const client = await this.client(target, signal);
      const support = await quotaSupport(client, signal);
      if (target.container === undefined) return { client, support, bytes: (await client.headAccount(signal)).quotaBytes, count: undefined };
      const info = await client.headContainer(target.container, signal);
      return { client, support, bytes: info.quotaBytes, count: info.quotaCount };
    });
    const container = target.container;
    if (container !== undefined && !current.support.container) {
      throw new OpenStackError(
        'unsupported',
        vscode.l10n.t('This Swift cluster does not offer container quotas (its /info lists no container_quotas middleware).'),
      );
    }
    if (container === undefined && !current.support.account) {
      throw new OpenStackError(
        'unsupported',
        vscode.l10n.t('This Swift cluster does not offer account quotas (its /info lists no account_quotas middleware).'),
      );
    }
    const typedBytes = await this.prompts.input({
      title: vscode.l10n.t(
        'Set Quota: {0} (now {1})',
        what,
        container !== undefined && current.support.containerUnreported ? current.support.containerUnreported : quotaText(current.bytes),
      ),
      prompt: vscode.l10n.t('Most bytes it may hold, e.g. 500 MB, 2 GiB or 1000000; empty for no byte quota'),
      value: current.bytes === undefined ? '' : String(current.bytes),
      validateInput: (v) => errorOf(parseByteQuota(v)),
    });
    const bytes = valueOf(parseByteQuota(typedBytes)).bytes;
    if (container === undefined) {
      await withProgress(vscode.l10n.t('Setting the quota of {0}…', what), async (signal) => setAccountQuota(current.client, bytes, signal));
      void vscode.window.showInformationMessage(vscode.l10n.t('The byte quota of {0} is now {1}.', what, quotaText(bytes)));
      return;
    }
    const typedCount = await this.prompts.input({
      title: vscode.l10n.t(
        'Set Quota: {0} (now {1} object limit)',
        what,
        current.count === undefined ? vscode.l10n.t('no') : current.count.toLocaleString('en-US'),
      ),
      prompt: vscode.l10n.t('Most objects it may hold; empty for no object-count quota'),
      value: current.count === undefined ? '' : String(current.count),
      validateInput: (v) => errorOf(parseCountQuota(v)),
    });
    const count = valueOf(parseCountQuota(typedCount)).count;
    await withProgress(vscode.l10n.t('Setting the quotas of {0}…', what), async (signal) =>
      setContainerQuota(current.client, container, { bytes, count }, signal),
    );
    void vscode.window.showInformationMessage(
      vscode.l10n.t(
        'Quotas of {0}: {1}, {2}. Uploads beyond them are refused (HTTP 413).',
        what,
        quotaText(bytes),
        count === undefined ? vscode.l10n.t('no object limit') : vscode.l10n.t('{0} objects', count.toLocaleString('en-US')),
      ),
    );
  }

  async setVersioning(arg: unknown, enable: boolean): Promise<void> {
    const target = containerTargetOf(arg, enable ? vscode.l10n.t('Enable Versioning') : vscode.l10n.t('Disable Versioning'));
    const name = displayName(target.container);
    const state = await withViewProgress(vscode.l10n.t('Reading container {0}…', name), async (signal) => {
      const client = await this.client(target, signal);
      const info = await client.info(signal).catch((e) => (isOpenStackError(e, 'cancelled') ? Promise.reject(e) : undefined));
      if (info && !('object_versioning' in info.raw)) {
        throw new OpenStackError('unsupported', vscode.l10n.t('This Swift cluster does not offer object versioning (its /info lists no object_versioning).'));
      }
      return versioningOf((await client.headContainer(target.container, signal)).headers);
    });
    if (state.kind === 'legacy') {
      throw new OpenStackError(
        'unsupported',
        vscode.l10n.t('Container {0} uses {1}; that older mechanism is managed outside this extension.', name, describeVersioning(state)),
      );
    }
    const confirmed = await this.prompts.confirm(
      enable ? vscode.l10n.t('Enable versioning on container {0}?', name) : vscode.l10n.t('Disable versioning on container {0}?', name),
      enable
        ? vscode.l10n.t(
            "Every overwrite or delete from now on keeps the previous copy as an older version. Older versions count toward the container's bytes and quota until deleted.",
          )
        : vscode.l10n.t('New writes will no longer keep older copies. The versions already stored are kept and still listed by Show Versions.'),
      enable ? vscode.l10n.t('Enable Versioning') : vscode.l10n.t('Disable Versioning'),
    );
    if (!confirmed) throw new UserCancelled();
    await withProgress(
      enable ? vscode.l10n.t('Enabling versioning on container {0}…', name) : vscode.l10n.t('Disabling versioning on container {0}…', name),
      async (signal) => setVersioning(await this.client(target, signal), target.container, enable, signal),
    );
    await this.showAccess(arg, { versioning: enable ? 'enabled' : 'suspended' });
    void vscode.window.showInformationMessage(
      enable ? vscode.l10n.t('Versioning is enabled on container {0}.', name) : vscode.l10n.t('Versioning is disabled on container {0}.', name),
    );
  }

  async showVersions(arg: unknown): Promise<void> {
    const target = objectLocationOf(arg);
    if (!target) throw new Error(vscode.l10n.t('Show Versions works on an object in the OpenStack Storage view.'));
    const what = describeLocation(target);
    const found = await withViewProgress(vscode.l10n.t('Listing the versions of {0}…', what), async (signal) => {
      const client = await this.client(target, signal);
      const state = versioningOf((await client.headContainer(target.container, signal)).headers);
      if (state.kind === 'legacy') return { client, state, versions: await listLegacyVersions(client, state.archive, target.object, signal) };
      if (state.kind === 'none') return { client, state, versions: [] };
      return { client, state, versions: await listObjectVersions(client, target.container, target.object, { signal }) };
    });
    if (found.state.kind === 'none') {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('Container {0} keeps no versions (versioning is off). Enable Versioning… on it keeps them from now on.', displayName(target.container)),
      );
      return;
    }
    if (found.versions.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('{0} has no older versions yet.', capitalize(what)));
      return;
    }
    const picked = await this.prompts.pick(
      found.versions.map((v) => ({ ...versionItem(v), version: v })),
      {
        title: vscode.l10n.t('Versions of {0} ({1})', what, describeVersioning(found.state)),
        placeHolder: vscode.l10n.t('Pick a version to open it read-only'),
        matchOnDetail: true,
      },
    );
    const v = picked.version;
    if (v.deleteMarker) throw new OpenStackError('notFound', vscode.l10n.t('That version of {0} is a delete marker: it has no content.', what));
    // Opened read-only through the object file system (size question, binary handling, checked download).
    const location = v.versionId
      ? { profileId: target.profileId, region: target.region, container: target.container, object: target.object, version: v.versionId }
      : {
          profileId: target.profileId,
          region: target.region,
          container: found.state.kind === 'legacy' ? found.state.archive : target.container,
          object: v.archiveName ?? target.object,
        };
    await vscode.commands.executeCommand('vscode.open', this.files.uriFor(location, READONLY_SCHEME), { preview: false });
  }

  /** Shows what a command changed on the container's tree row (description, icon, tooltip). */
  private async showAccess(arg: unknown, change: { publicRead?: boolean; versioning?: string }): Promise<void> {
    const node = arg as Partial<ContainerNode> | undefined;
    if (!node || node.kind !== 'container') return;
    node.access = { publicRead: change.publicRead ?? node.access?.publicRead ?? false, versioning: change.versioning ?? node.access?.versioning };
    await vscode.commands.executeCommand(commandId('refresh'), node);
  }
}

function containerTargetOf(arg: unknown, command: string): ContainerLocation {
  const target = metadataLocationOf(arg);
  if (!target || target.container === undefined || target.object !== undefined)
    throw new Error(vscode.l10n.t('{0} works on a container in the OpenStack Storage view.', command));
  return { profileId: target.profileId, region: target.region, container: target.container };
}

function errorOf(parsed: object): string | undefined {
  return 'error' in parsed ? (parsed as { error: string }).error : undefined;
}

function valueOf<T extends object>(parsed: T | { error: string }): T {
  if ('error' in parsed) throw new OpenStackError('invalidInput', parsed.error);
  return parsed;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
