/**
 * Show Metadata (account, container or object: a HEAD shown as a read-only document) and Open Object
 * (read-only, in an editor tab), with a size guard and a binary check so the editor never gets garbage.
 */
import * as vscode from 'vscode';
import type { ProfileStore } from '../auth/profileStore';
import type { MetadataDocuments } from '../documents/metadataDocument';
import type { ObjectDocuments } from '../documents/objectDocument';
import { readObjectText } from '../documents/objectReader';
import { binaryReason } from '../documents/objectText';
import { sizeWithBytes } from '../documents/format';
import { displayName } from '../openstack/swift/names';
import type { Log } from '../log';
import type { Prompts } from './prompts';
import { UserCancelled, registerCommand, withProgress } from './run';
import { describeTarget, metadataTargetOf, objectTargetOf } from './targets';
import type { ProfileUsed } from './tokens';

const MAX_SIZE_SETTING = 'openstackStorage.openObject.maxSizeMB';
const DEFAULT_MAX_SIZE_MB = 20;
const MIB = 1024 * 1024;

export class ObjectCommands {
  constructor(
    private readonly store: ProfileStore,
    private readonly prompts: Prompts,
    private readonly metadata: MetadataDocuments,
    private readonly objects: ObjectDocuments,
    private readonly used: ProfileUsed,
    private readonly log: Log,
  ) {}

  register(context: vscode.ExtensionContext): void {
    const r = (id: string, fn: (arg?: unknown) => unknown, doing: string) => registerCommand(context, this.log, `openstackStorage.${id}`, fn, doing);
    r('showMetadata', (arg) => this.showMetadata(arg), 'Showing the metadata');
    r('openObject', (arg) => this.openObject(arg), 'Opening the object');
  }

  async showMetadata(arg?: unknown): Promise<void> {
    const target = metadataTargetOf(arg);
    if (!target) throw new Error('Show Metadata works on an account (region), container or object in the OpenStack Storage view.');
    this.used(target.profileId);
    await withProgress(`Reading the metadata of ${describeTarget(target)}…`, (signal) => this.metadata.show(target, signal));
  }

  async openObject(arg?: unknown): Promise<void> {
    const target = objectTargetOf(arg);
    if (!target) throw new Error('Open Object works on an object in the OpenStack Storage view.');
    this.used(target.profileId);
    const what = describeTarget(target);
    const session = this.store.session(target.profileId);
    const head = await withProgress(`Reading ${what}…`, async (signal) => {
      const client = await session.swift(target.region || undefined, signal);
      return { client, info: await client.headObject(target.container, target.object, signal) };
    });

    // A binary content type is refused before the size question and before any byte is downloaded.
    const typeReason = binaryReason(new Uint8Array(0), head.info.contentType);
    if (typeReason) return this.offerCurl(arg, target.object, typeReason);

    const maxMB = vscode.workspace.getConfiguration().get<number>(MAX_SIZE_SETTING, DEFAULT_MAX_SIZE_MB);
    if (head.info.bytes > maxMB * MIB) {
      const open = await this.prompts.confirm(
        `${capitalize(what)} is ${sizeWithBytes(head.info.bytes)}. Open it anyway?`,
        `That is more than the ${maxMB} MB set in "${MAX_SIZE_SETTING}". Large files download in full and can make the editor slow.`,
        'Open Anyway',
      );
      if (!open) throw new UserCancelled();
    }

    const result = await withProgress(`Downloading ${what} (${sizeWithBytes(head.info.bytes)})…`, (signal) =>
      readObjectText(head.client, target.container, target.object, signal),
    );
    if (result.kind === 'binary') return this.offerCurl(arg, target.object, result.reason);
    await this.objects.show(target, result.text, result.info.contentType);
  }

  /** Binary objects are not opened as text; a curl command downloads them intact instead. */
  private async offerCurl(arg: unknown, name: string, reason: string): Promise<void> {
    const copy = await this.prompts.confirm(
      `${displayName(name)} is binary (${reason}), so it is not opened as text.`,
      'Copy a curl command that downloads it to a file instead?',
      'Copy curl GET Command',
    );
    if (copy) await vscode.commands.executeCommand('openstackStorage.copyCurlCommand', arg, 'download');
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
