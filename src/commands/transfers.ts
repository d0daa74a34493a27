/**
 * Upload Files…, Upload Folder… (on a container or folder, and files dropped on one: views/uploadDrop.ts) and
 * Download… (objects, folders, containers, the selection). The work is the client's (openstack/swift/transfer);
 * here: the dialogs (through Prompts), a cancellable progress notification with the current file and the
 * totals, the summary, and a refresh of the tree node uploaded to.
 */
import { OVERWRITE, SKIP_EXISTING } from '../ui/buttons';
import * as vscode from 'vscode';
import type { ProfileStore } from '../auth/profileStore';
import type { Log } from '../log';
import { displayName } from '../openstack/swift/names';
import {
  DEFAULT_SEGMENT_SIZE,
  DEFAULT_SLO_THRESHOLD,
  MIB,
  collectUploads,
  downloadObjects,
  planDownload,
  smallFilesFor,
  uploadFiles,
  type DownloadSource,
  type TransferProgress,
} from '../openstack/swift/transfer';
import type { StorageTree } from '../views/storageTree';
import { isStorageNode, type StorageNode } from '../views/nodes';
import type { Prompts } from '../ui/prompts';
import { UserCancelled, withProgress, type CommandEntry } from '../ui/run';
import { SummaryText, downloadSummaryText, percentOf, progressLine, uploadSummaryText } from './transferText';
import { type ContainerLocation, describeLocation, listingOf } from '../location';

/** Where an upload goes: the container or folder a node stands for. */
function uploadTargetOf(arg: unknown): ContainerLocation | undefined {
  return listingOf(arg)?.location;
}

export class TransferCommands {
  constructor(
    private readonly store: ProfileStore,
    private readonly prompts: Prompts,
    private readonly tree: StorageTree,
    private readonly log: Log,
  ) {}

  commands(): CommandEntry[] {
    return [
      { id: 'uploadFiles', run: (node?: unknown) => this.pickAndUpload(node, 'files'), doing: vscode.l10n.t('Upload') },
      { id: 'uploadFolder', run: (node?: unknown) => this.pickAndUpload(node, 'folder'), doing: vscode.l10n.t('Upload') },
      {
        id: 'uploadPaths',
        run: (node?: unknown, paths?: unknown) => this.upload(node, Array.isArray(paths) ? paths.filter((p): p is string => typeof p === 'string') : []),
        doing: vscode.l10n.t('Upload'),
      },
      { id: 'download', run: (node?: unknown, selected?: unknown) => this.download(node, selected), doing: vscode.l10n.t('Download') },
    ];
  }

  private settings() {
    return transferSettings();
  }

  async pickAndUpload(node: unknown, what: 'files' | 'folder') {
    const target = uploadTargetOf(node);
    if (!target) throw new Error(vscode.l10n.t('Upload works on a container or folder in the OpenStack Storage view.'));
    const uris = await this.prompts.openFiles({
      title: `Upload ${what === 'files' ? 'Files' : 'a Folder'} to ${describeLocation(target)}`,
      canSelectFiles: what === 'files',
      canSelectFolders: what === 'folder',
      canSelectMany: true,
      openLabel: vscode.l10n.t('Upload'),
    });
    return this.upload(
      node,
      uris.map((u) => u.fsPath),
    );
  }

  /** Uploads local files and folders (whole trees) to a container or folder node; returns the client's summary. */
  async upload(node: unknown, paths: readonly string[]) {
    const target = uploadTargetOf(node);
    if (!target) throw new Error(vscode.l10n.t('Upload works on a container or folder in the OpenStack Storage view.'));
    if (!paths.length) throw new UserCancelled();
    const { items, skipped } = await collectUploads(paths, target.prefix ?? '');
    for (const s of skipped) this.log.info(`Upload: skipped ${s.localPath}: ${s.reason}`);
    const where = describeLocation(target);
    const settings = this.settings();
    const summary = await withProgress(vscode.l10n.t('Uploading to {0}', where), async (signal, progress) => {
      const client = await this.store.session(target.profileId).swift(target.region || undefined, signal);
      return uploadFiles(client, items, { container: target.container, ...settings, signal, onProgress: reporter(progress) });
    });
    for (const f of summary.failed) this.log.warn(`Upload of ${f.localPath} failed: ${(f.error as Error).message}`);
    if (summary.resent)
      this.log.info(`Upload: ${summary.resent} request(s) sent again after the first attempt was refused mid-way (e.g. a token that expired).`);
    if (isStorageNode(node)) await this.tree.refresh(node);
    show(uploadSummaryText(summary, where, skipped.length));
    return summary;
  }

  /** Downloads the node (or the selection it belongs to) into a folder the user picks; returns the summary. */
  async download(node: unknown, selected: unknown) {
    const nodes = (Array.isArray(selected) && selected.includes(node) ? selected : [node]).filter(isStorageNode);
    const sources = nodes.map(sourceOf).filter((s): s is NonNullable<ReturnType<typeof sourceOf>> => !!s);
    if (!sources.length) throw new Error(vscode.l10n.t('Download works on objects, folders and containers in the OpenStack Storage view.'));
    const { profileId, region } = sources[0];
    if (sources.some((s) => s.profileId !== profileId || s.region !== region)) {
      throw new Error(vscode.l10n.t('Download works on objects of one profile and region at a time: select them in one region.'));
    }
    const folder = await this.prompts.openFile({
      title: sources.length === 1 ? vscode.l10n.t('Download {0} to…', sources[0].label) : vscode.l10n.t('Download {0} items to…', sources.length),
      canSelectFiles: false,
      canSelectFolders: true,
      openLabel: vscode.l10n.t('Download Here'),
    });
    const settings = this.settings();
    const { client, plan } = await withProgress(vscode.l10n.t('Listing what to download…'), async (signal) => {
      const client = await this.store.session(profileId).swift(region || undefined, signal);
      return {
        client,
        plan: await planDownload(
          client,
          sources.map((s) => s.source),
          folder.fsPath,
          signal,
        ),
      };
    });
    const existing = plan.items.filter((i) => i.existing === 'file');
    let overwrite = false;
    if (existing.length) {
      const names = existing.slice(0, 5).map((i) => i.path);
      const answer = await this.prompts.choose(
        existing.length === 1
          ? vscode.l10n.t('A file to download already exists in {0}.', plan.target)
          : vscode.l10n.t('{0} files to download already exist in {1}.', existing.length, plan.target),
        [...names, ...(existing.length > 5 ? [vscode.l10n.t('… and {0} more', existing.length - 5)] : [])].join('\n') +
          '\n\n' +
          vscode.l10n.t('Overwrite them, or keep them and download only the others?'),
        OVERWRITE(),
        SKIP_EXISTING(),
      );
      overwrite = answer === OVERWRITE();
    }
    for (const r of plan.refused) this.log.warn(`Download: not saving object ${displayName(r.entry.name)}: ${r.reason}`);
    for (const m of plan.items.filter((i) => i.mapped)) this.log.info(`Download: object ${displayName(m.entry.name)} saved as ${m.path} (${m.mapped})`);
    const summary = await withProgress(vscode.l10n.t('Downloading to {0}', plan.target), (signal, progress) =>
      downloadObjects(client, plan, { overwrite, concurrency: settings.concurrency, signal, onProgress: reporter(progress) }),
    );
    for (const f of summary.failed) this.log.warn(`Download of ${displayName(f.name)} failed: ${(f.error as Error).message}`);
    show(downloadSummaryText(summary, plan));
    return { plan, summary };
  }
}

function sourceOf(node: StorageNode): { profileId: string; region: string; label: string; source: DownloadSource } | undefined {
  switch (node.kind) {
    case 'object':
      return {
        profileId: node.profileId,
        region: node.region,
        label: vscode.l10n.t('object {0}', displayName(node.name)),
        source: { container: node.container, object: node.name },
      };
    case 'folder': {
      const name = node.prefix.replace(/\/$/, '');
      const base = `${name.slice(name.lastIndexOf('/') + 1)}/`;
      return {
        profileId: node.profileId,
        region: node.region,
        label: vscode.l10n.t('folder {0}', displayName(node.prefix)),
        source: { container: node.container, prefix: node.prefix, localBase: base },
      };
    }
    case 'container':
      return {
        profileId: node.profileId,
        region: node.region,
        label: vscode.l10n.t('container {0}', displayName(node.container)),
        source: { container: node.container, prefix: '', localBase: `${node.container}/` },
      };
    default:
      return undefined;
  }
}

/** Progress events → the notification: a line at most every 100 ms (and the last one), increments in percent. */
function reporter(progress: vscode.Progress<{ message?: string; increment?: number }>): (p: TransferProgress) => void {
  let shown = 0;
  let last = 0;
  return (p) => {
    const now = Date.now();
    const finished = p.files.done + p.files.failed + p.files.skipped === p.files.total;
    if (now - last < 100 && !finished) return;
    last = now;
    const percent = percentOf(p);
    progress.report({ message: progressLine(p), increment: Math.max(0, percent - shown) });
    shown = Math.max(shown, percent);
  };
}

function show(text: SummaryText): void {
  const fn =
    text.level === 'error'
      ? vscode.window.showErrorMessage
      : text.level === 'warning'
        ? vscode.window.showWarningMessage
        : vscode.window.showInformationMessage;
  void fn(text.message);
}

/** The transfer settings (concurrency, large-object threshold and segment size), read when a transfer starts. */
export function transferSettings() {
  const c = vscode.workspace.getConfiguration('openstackStorage.transfers');
  const concurrency = Math.max(1, Math.floor(c.get<number>('concurrency', 4)));
  return {
    concurrency,
    // Small files (under 1 MiB) are mostly round trips: up to 4× the setting at once (at most 16) beside big transfers.
    smallFiles: smallFilesFor(concurrency),
    sloThreshold: Math.max(1, c.get<number>('largeObjectThresholdMB', DEFAULT_SLO_THRESHOLD / MIB)) * MIB,
    segmentSize: Math.max(1, c.get<number>('segmentSizeMB', DEFAULT_SEGMENT_SIZE / MIB)) * MIB,
  };
}
