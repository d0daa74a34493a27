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
      { id: 'editMetadata', run: (arg) => editMetadataCommand(this.store, this.prompts, this.metadata, arg), doing: 'Editing the metadata' },
      { id: 'makePublic', run: (arg) => this.setPublic(arg, true), doing: 'Making the container public' },
      { id: 'makePrivate', run: (arg) => this.setPublic(arg, false), doing: 'Making the container private' },
      { id: 'setQuota', run: (arg) => this.setQuota(arg), doing: 'Setting the quota' },
      { id: 'enableVersioning', run: (arg) => this.setVersioning(arg, true), doing: 'Enabling versioning' },
      { id: 'disableVersioning', run: (arg) => this.setVersioning(arg, false), doing: 'Disabling versioning' },
      { id: 'showVersions', run: (arg) => this.showVersions(arg), doing: 'Showing the versions' },
    ];
  }

  private client(target: { profileId: string; region: string }, signal: AbortSignal) {
    return this.store.session(target.profileId).swift(target.region || undefined, signal);
  }

  async setPublic(arg: unknown, makePublic: boolean): Promise<string> {
    const target = containerTargetOf(arg, makePublic ? 'Make Public' : 'Make Private');
    const name = displayName(target.container);
    if (makePublic) {
      const url = await withViewProgress('Reading the container…', async (signal) =>
        swiftUrl((await this.client(target, signal)).storageUrl, target.container),
      );
      const { message, detail } = publicWarning(target.container, url);
      if (!(await this.prompts.confirm(message, detail, 'Make Public'))) throw new UserCancelled();
    }
    const acl = await withProgress(`${makePublic ? 'Opening' : 'Closing'} container ${name} to anonymous readers…`, async (signal) =>
      setPublicRead(await this.client(target, signal), target.container, makePublic, signal),
    );
    await this.showAccess(arg, { publicRead: isPublicRead(acl) });
    void vscode.window.showInformationMessage(
      makePublic
        ? `Container ${name} is public: anyone can read and list it with no token.`
        : `Container ${name} is private again${acl ? ` (read ACL kept: ${acl})` : ''}.`,
    );
    return acl;
  }

  async setQuota(arg: unknown): Promise<void> {
    const target = metadataLocationOf(arg);
    if (!target || target.object !== undefined) throw new Error('Set Quota works on a container or an account (region) in the OpenStack Storage view.');
    const what = describeLocation(target);
    const current = await withViewProgress(`Reading the quotas of ${what}…`, async (signal) => {
      const client = await this.client(target, signal);
      const support = await quotaSupport(client, signal);
      if (target.container === undefined) return { client, support, bytes: (await client.headAccount(signal)).quotaBytes, count: undefined };
      const info = await client.headContainer(target.container, signal);
      return { client, support, bytes: info.quotaBytes, count: info.quotaCount };
    });
    const container = target.container;
    if (container !== undefined && !current.support.container) {
      throw new OpenStackError('unsupported', 'This Swift cluster does not offer container quotas (its /info lists no container_quotas middleware).');
    }
    if (container === undefined && !current.support.account) {
      throw new OpenStackError('unsupported', 'This Swift cluster does not offer account quotas (its /info lists no account_quotas middleware).');
    }
    const typedBytes = await this.prompts.input({
      title: `Set Quota: ${what} (now ${container !== undefined && current.support.containerUnreported ? current.support.containerUnreported : quotaText(current.bytes)})`,
      prompt: 'Most bytes it may hold, e.g. 500 MB, 2 GiB or 1000000; empty for no byte quota',
      value: current.bytes === undefined ? '' : String(current.bytes),
      validateInput: (v) => errorOf(parseByteQuota(v)),
    });
    const bytes = valueOf(parseByteQuota(typedBytes)).bytes;
    if (container === undefined) {
      await withProgress(`Setting the quota of ${what}…`, async (signal) => setAccountQuota(current.client, bytes, signal));
      void vscode.window.showInformationMessage(`The byte quota of ${what} is now ${quotaText(bytes)}.`);
      return;
    }
    const typedCount = await this.prompts.input({
      title: `Set Quota: ${what} (now ${current.count === undefined ? 'no' : current.count.toLocaleString('en-US')} object limit)`,
      prompt: 'Most objects it may hold; empty for no object-count quota',
      value: current.count === undefined ? '' : String(current.count),
      validateInput: (v) => errorOf(parseCountQuota(v)),
    });
    const count = valueOf(parseCountQuota(typedCount)).count;
    await withProgress(`Setting the quotas of ${what}…`, async (signal) => setContainerQuota(current.client, container, { bytes, count }, signal));
    void vscode.window.showInformationMessage(
      `Quotas of ${what}: ${quotaText(bytes)}, ${count === undefined ? 'no object limit' : `${count.toLocaleString('en-US')} objects`}. Uploads beyond them are refused (HTTP 413).`,
    );
  }

  async setVersioning(arg: unknown, enable: boolean): Promise<void> {
    const target = containerTargetOf(arg, enable ? 'Enable Versioning' : 'Disable Versioning');
    const name = displayName(target.container);
    const state = await withViewProgress(`Reading container ${name}…`, async (signal) => {
      const client = await this.client(target, signal);
      const info = await client.info(signal).catch((e) => (isOpenStackError(e, 'cancelled') ? Promise.reject(e) : undefined));
      if (info && !('object_versioning' in info.raw)) {
        throw new OpenStackError('unsupported', 'This Swift cluster does not offer object versioning (its /info lists no object_versioning).');
      }
      return versioningOf((await client.headContainer(target.container, signal)).headers);
    });
    if (state.kind === 'legacy') {
      throw new OpenStackError('unsupported', `Container ${name} uses ${describeVersioning(state)}; that older mechanism is managed outside this extension.`);
    }
    const confirmed = await this.prompts.confirm(
      enable ? `Enable versioning on container ${name}?` : `Disable versioning on container ${name}?`,
      enable
        ? "Every overwrite or delete from now on keeps the previous copy as an older version. Older versions count toward the container's bytes and quota until deleted."
        : 'New writes will no longer keep older copies. The versions already stored are kept and still listed by Show Versions.',
      enable ? 'Enable Versioning' : 'Disable Versioning',
    );
    if (!confirmed) throw new UserCancelled();
    await withProgress(`${enable ? 'Enabling' : 'Disabling'} versioning on container ${name}…`, async (signal) =>
      setVersioning(await this.client(target, signal), target.container, enable, signal),
    );
    await this.showAccess(arg, { versioning: enable ? 'enabled' : 'suspended' });
    void vscode.window.showInformationMessage(`Versioning is ${enable ? 'enabled' : 'disabled'} on container ${name}.`);
  }

  async showVersions(arg: unknown): Promise<void> {
    const target = objectLocationOf(arg);
    if (!target) throw new Error('Show Versions works on an object in the OpenStack Storage view.');
    const what = describeLocation(target);
    const found = await withViewProgress(`Listing the versions of ${what}…`, async (signal) => {
      const client = await this.client(target, signal);
      const state = versioningOf((await client.headContainer(target.container, signal)).headers);
      if (state.kind === 'legacy') return { client, state, versions: await listLegacyVersions(client, state.archive, target.object, signal) };
      if (state.kind === 'none') return { client, state, versions: [] };
      return { client, state, versions: await listObjectVersions(client, target.container, target.object, { signal }) };
    });
    if (found.state.kind === 'none') {
      void vscode.window.showInformationMessage(
        `Container ${displayName(target.container)} keeps no versions (versioning is off). Enable Versioning… on it keeps them from now on.`,
      );
      return;
    }
    if (found.versions.length === 0) {
      void vscode.window.showInformationMessage(`${capitalize(what)} has no older versions yet.`);
      return;
    }
    const picked = await this.prompts.pick(
      found.versions.map((v) => ({ ...versionItem(v), version: v })),
      { title: `Versions of ${what} (${describeVersioning(found.state)})`, placeHolder: 'Pick a version to open it read-only', matchOnDetail: true },
    );
    const v = picked.version;
    if (v.deleteMarker) throw new OpenStackError('notFound', `That version of ${what} is a delete marker: it has no content.`);
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
    throw new Error(`${command} works on a container in the OpenStack Storage view.`);
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
