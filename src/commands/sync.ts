/**
 * Sync Folder with Container… (on a container or folder in the tree, or on a local folder in the Explorer) and
 * Sync Again: the other side and the direction are asked, the comparison is shown before anything moves (counts and
 * bytes per kind, a browsable list, a dry run into a document), "Delete Extras" is off unless chosen and confirmed
 * with counts, then the client's sync engine runs with cancellable progress. The last choices per folder pair stay
 * in workspace state (places and choices only, no secret).
 */
import * as vscode from 'vscode';
import type { ProfileStore } from '../auth/profileStore';
import type { Log } from '../log';
import { displayName } from '../openstack/swift/names';
import { compareFolder, entryBytes, runSync, summaryText, type SyncPlan, type WorkKind } from '../openstack/swift/sync';
import type { TransferProgress } from '../openstack/swift/transfer';
import { listingOf, type ContainerLocation } from '../location';
import { pickProfileId } from '../ui/pickProfile';
import type { Prompts } from '../ui/prompts';
import { RETRY, withProgress, type CommandEntry } from '../ui/run';
import { formatCount, sizeWithBytes } from '../ui/format';
import type { StorageTree } from '../views/storageTree';
import { countsText, directionText, extrasText, hasWork, planDocument, rememberSync, sameSyncPair, type SavedSync } from './syncText';
import { percentOf, progressLine } from './transferText';
import { transferSettings } from './transfers';

const STATE_KEY = 'openstackStorage.sync.saved';

export class SyncCommands {
  constructor(
    private readonly store: ProfileStore,
    private readonly prompts: Prompts,
    private readonly tree: StorageTree,
    private readonly state: vscode.Memento,
    private readonly log: Log,
  ) {}

  commands(): CommandEntry[] {
    return [
      { id: 'syncFolder', run: (arg?: unknown) => this.syncFolder(arg), doing: vscode.l10n.t('Syncing') },
      { id: 'syncAgain', run: () => this.syncAgain(), doing: vscode.l10n.t('Syncing') },
    ];
  }

  private saved(): SavedSync[] {
    return this.state.get<SavedSync[]>(STATE_KEY, []);
  }

  /** From the tree (the remote side given: a local folder is asked) or the Explorer (the container is asked). */
  async syncFolder(arg: unknown): Promise<unknown> {
    const remote = listingOf(arg)?.location;
    let choice: Omit<SavedSync, 'direction' | 'deleteExtras'>;
    if (remote) {
      // The dialog opens on the folder last synced with this place, so syncing it again is one click.
      const place = remotePlace(remote);
      const last = this.saved().find(
        (s) => s.profileId === place.profileId && s.region === place.region && s.container === place.container && s.prefix === place.prefix,
      );
      const folder = await this.prompts.openFile({
        title: vscode.l10n.t('Sync which local folder?'),
        canSelectFiles: false,
        canSelectFolders: true,
        openLabel: vscode.l10n.t('Sync This Folder'),
        ...(last ? { defaultUri: vscode.Uri.file(last.folder) } : {}),
      });
      choice = { folder: folder.fsPath, ...remotePlace(remote), honourGitignore: this.honourGitignore() };
    } else if (arg instanceof vscode.Uri && arg.scheme === 'file') {
      choice = { folder: arg.fsPath, ...(await this.pickRemote(arg.fsPath)), honourGitignore: this.honourGitignore() };
    } else throw new Error(vscode.l10n.t('Sync works on a container or folder in the OpenStack Storage view, or on a local folder in the Explorer.'));
    const previous = this.saved().find((s) => sameSyncPair(s, { ...choice, direction: 'push', deleteExtras: false }));
    const picked = await this.prompts.pick(
      [
        { label: vscode.l10n.t('$(cloud-upload) Push'), description: vscode.l10n.t('local → container'), direction: 'push' as const },
        { label: vscode.l10n.t('$(cloud-download) Pull'), description: vscode.l10n.t('container → local'), direction: 'pull' as const },
      ].sort((a, b) => (a.direction === previous?.direction ? -1 : b.direction === previous?.direction ? 1 : 0)),
      { title: vscode.l10n.t('Sync {0} with container {1}: which way?', choice.folder, displayName(choice.container)) },
    );
    return this.compareAndRun({ ...choice, direction: picked.direction, deleteExtras: false });
  }

  /** The last choices of a folder pair (the newest, or the one picked). */
  async syncAgain(): Promise<unknown> {
    const saved = this.saved();
    if (!saved.length) throw new Error(vscode.l10n.t('There is no earlier sync in this workspace: use Sync Folder with Container… first.'));
    const pick =
      saved.length === 1
        ? saved[0]
        : (
            await this.prompts.pick(
              saved.map((s) => ({
                label: `${s.direction === 'push' ? '$(cloud-upload)' : '$(cloud-download)'} ${s.folder}`,
                description: s.prefix
                  ? vscode.l10n.t('container {0} under {1}', displayName(s.container), displayName(s.prefix))
                  : vscode.l10n.t('container {0}', displayName(s.container)),
                saved: s,
              })),
              { title: vscode.l10n.t('Sync Again: which folder pair?') },
            )
          ).saved;
    return this.compareAndRun(pick);
  }

  /** Compares, shows the comparison, asks what to do, runs; returns the plan and the summary (tests read them). */
  async compareAndRun(choice: SavedSync): Promise<{ plan: SyncPlan; summary?: Awaited<ReturnType<typeof runSync>> }> {
    const settings = transferSettings();
    const session = this.store.session(choice.profileId);
    const pair = { folder: choice.folder, container: choice.container, prefix: choice.prefix };
    const plan = await withProgress('Comparing…', async (signal) => {
      const client = await session.swift(choice.region || undefined, signal);
      return compareFolder(client, pair, { direction: choice.direction, honourGitignore: choice.honourGitignore, segmentSize: settings.segmentSize, signal });
    });
    await this.state.update(STATE_KEY, rememberSync(this.saved(), choice));
    const deleteExtras = await this.decide(plan);
    if (deleteExtras === 'dryRun') {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: planDocument(plan), language: 'markdown' }));
      return { plan };
    }
    if (!hasWork(plan, deleteExtras)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Already in step: {0} ({1}).', directionText(plan), countsText(plan)));
      return { plan };
    }
    const summary = await withProgress(vscode.l10n.t('Syncing {0}', directionText(plan)), async (signal, progress) => {
      const client = await session.swift(choice.region || undefined, signal);
      return runSync(client, plan, { deleteExtras, ...settings, signal, onProgress: reporter(progress) });
    });
    const text = summaryText(summary);
    for (const line of text.split('\n').slice(1)) this.log.warn(`Sync: ${line}`);
    void this.tree.refresh();
    const message = vscode.l10n.t('Sync {0}: {1}', directionText(plan), text.replace(/\n/g, ' '));
    if (summary.failed.length) {
      const again = await vscode.window.showWarningMessage(message, RETRY());
      if (again === RETRY()) return this.compareAndRun(choice);
    } else void vscode.window.showInformationMessage(message);
    return { plan, summary };
  }

  /** The comparison as a QuickPick: sync, sync and delete extras (confirmed with counts), browse, dry run. */
  private async decide(plan: SyncPlan): Promise<boolean | 'dryRun'> {
    const extras = plan.entries.filter((e) => e.kind === 'extra').length;
    for (;;) {
      const items = [
        {
          label: vscode.l10n.t('$(sync) Sync'),
          detail: extras
            ? vscode.l10n.t('Transfer the new and changed files; keep the extras.')
            : vscode.l10n.t('Transfer the new and changed files; nothing to delete.'),
          action: 'sync' as const,
        },
        ...(extras
          ? [
              {
                label: vscode.l10n.t('$(trash) Sync and Delete Extras…'),
                detail: vscode.l10n.t('Also delete {0}.', extrasText(plan)),
                action: 'delete' as const,
              },
            ]
          : []),
        {
          label: vscode.l10n.t('$(list-flat) Browse the Comparison'),
          detail:
            plan.entries.length === 1
              ? vscode.l10n.t('1 path to sync, {0} left out.', plan.refused.length)
              : vscode.l10n.t('{0} paths to sync, {1} left out.', plan.entries.length, plan.refused.length),
          action: 'browse' as const,
        },
        { label: vscode.l10n.t('$(output) Dry Run'), detail: vscode.l10n.t('Write the plan to a document; change nothing.'), action: 'dryRun' as const },
      ];
      const picked = await this.prompts.pick(items, {
        title: `${directionText(plan)}: ${countsText(plan)}`,
        placeHolder: vscode.l10n.t('Nothing has changed yet.'),
      });
      if (picked.action === 'sync') return false;
      if (picked.action === 'dryRun') return 'dryRun';
      if (picked.action === 'browse') {
        await this.browse(plan);
        continue;
      }
      const confirmed = await this.prompts.confirm(
        vscode.l10n.t('Delete {0}?', extrasText(plan)),
        extras > 10
          ? vscode.l10n.t('They are not on the other side. {0}, and {1} more.', extraNames(plan), extras - 10)
          : vscode.l10n.t('They are not on the other side. {0}.', extraNames(plan)),
        vscode.l10n.t('Delete Extras'),
      );
      if (confirmed) return true;
    }
  }

  private async browse(plan: SyncPlan): Promise<void> {
    const icon = { new: '$(add)', changed: '$(diff-modified)', extra: '$(circle-slash)' } as const;
    await this.prompts.current.pick(
      [
        ...plan.entries.map((e) => ({
          label: `${icon[e.kind]} ${e.relative}`,
          description: kindAndSize(e.kind, sizeWithBytes(entryBytes(e, plan.direction))),
        })),
        ...plan.refused.map((r) => ({ label: `$(warning) ${r.name}`, description: vscode.l10n.t('left out: {0}', r.reason) })),
        // Identical paths are counted, not kept (a re-sync of a large prefix is mostly these): one row says how many.
        ...(plan.identical.files
          ? [
              {
                label: `$(check) ${vscode.l10n.t('{0} identical', formatCount(plan.identical.files))}`,
                description: vscode.l10n.t('not listed; nothing to do'),
              },
            ]
          : []),
      ],
      { title: `${directionText(plan)}: ${countsText(plan)}`, matchOnDescription: true },
    );
  }

  /** The container side for a local folder: the profile, region, container and a prefix. */
  private async pickRemote(folder: string): Promise<Pick<SavedSync, 'profileId' | 'region' | 'container' | 'prefix'>> {
    const profileId = await pickProfileId(this.store, this.prompts, undefined, vscode.l10n.t('Sync {0} with which profile?', folder));
    const session = this.store.session(profileId);
    const token = await withProgress(vscode.l10n.t('Signing in…'), (signal) => session.token(signal));
    const regions = token.catalog.regions('object-store');
    const region =
      regions.length <= 1
        ? (regions[0] ?? '')
        : (
            await this.prompts.pick(
              regions.map((r) => ({ label: r })),
              { title: vscode.l10n.t('Sync: in which region?') },
            )
          ).label;
    const names = await withProgress(vscode.l10n.t('Listing containers…'), async (signal) => {
      const client = await session.swift(region || undefined, signal);
      const out: string[] = [];
      for await (const page of client.listContainers({ signal })) out.push(...page.entries.map((e) => e.name));
      return out;
    });
    if (!names.length) throw new Error(vscode.l10n.t('This account has no container yet: create one first.'));
    const container = (
      await this.prompts.pick(
        names.map((n) => ({ label: n })),
        { title: vscode.l10n.t('Sync {0} with which container?', folder) },
      )
    ).label;
    const prefix = await this.prompts.input({
      title: vscode.l10n.t('Under which prefix? (empty: the whole container)'),
      value: '',
      validateInput: (v) => (v && !v.endsWith('/') ? vscode.l10n.t('A prefix ends with "/".') : undefined),
    });
    return { profileId, region, container, prefix };
  }

  private honourGitignore(): boolean {
    return vscode.workspace.getConfiguration('openstackStorage.sync').get<boolean>('honourGitignore', false);
  }
}

/** The first ten extras' paths. */
function extraNames(plan: SyncPlan): string {
  return plan.entries
    .filter((e) => e.kind === 'extra')
    .slice(0, 10)
    .map((e) => e.relative)
    .join(', ');
}

/** "new, 1.2 KiB (1,234 bytes)". */
function kindAndSize(kind: WorkKind, size: string): string {
  if (kind === 'new') return vscode.l10n.t('new, {0}', size);
  if (kind === 'changed') return vscode.l10n.t('changed, {0}', size);
  return vscode.l10n.t('extra, {0}', size);
}

function remotePlace(location: ContainerLocation): Pick<SavedSync, 'profileId' | 'region' | 'container' | 'prefix'> {
  return { profileId: location.profileId, region: location.region, container: location.container, prefix: location.prefix ?? '' };
}

function reporter(progress: vscode.Progress<{ message?: string; increment?: number }>): (p: TransferProgress) => void {
  let shown = 0;
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < 100 && p.files.done + p.files.failed + p.files.skipped !== p.files.total) return;
    last = now;
    const percent = percentOf(p);
    progress.report({ message: progressLine(p), increment: Math.max(0, percent - shown) });
    shown = Math.max(shown, percent);
  };
}
