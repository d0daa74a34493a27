/**
 * Create Container…, Delete… (objects, folders, containers; the tree's multi-selection), and the wiring of
 * Copy To… / Move To… / Rename… (copyMove.ts). Questions go through Prompts; long work shows cancellable
 * progress; the summary names per-item failures and offers "Retry Failed"; the touched tree nodes are listed
 * again afterwards.
 */
import { DELETE, DELETE_WITH_SEGMENTS, RETRY_FAILED } from '../ui/buttons';
import * as vscode from 'vscode';
import type { ProfileStore } from '../auth/profileStore';
import type { Log } from '../log';
import { planDeletion, retryDeletion, runDeletion, type DeleteTarget, type DeletionReport } from '../openstack/swift/deletion';
import { containerNameProblem } from '../openstack/swift/managePlan';
import type { SwiftClient } from '../openstack/swift/client';
import { quotedName } from '../ui/format';
import { listingOf } from '../location';
import type { StorageTree } from '../views/storageTree';
import { isStorageNode } from '../views/nodes';
import { deletionDetail, deletionQuestion, deletionSummary, failureLine } from './manageText';
import { pickProfileId } from '../ui/pickProfile';
import type { Prompts } from '../ui/prompts';
import { UserCancelled, withProgress, type CommandEntry, withViewProgress } from '../ui/run';
import { CopyMoveCommand } from './copyMove';
import { ItemNode, progressReporter, sameRegion, selectedNodes } from './manageSelection';

export { selectedNodes } from './manageSelection';

export class ManageCommands {
  private readonly copyMove: CopyMoveCommand;

  constructor(
    private readonly store: ProfileStore,
    private readonly prompts: Prompts,
    private readonly tree: StorageTree,
    private readonly log: Log,
  ) {
    this.copyMove = new CopyMoveCommand(store, prompts, tree, log);
  }

  commands(): CommandEntry[] {
    return [
      { id: 'createContainer', run: (node) => this.createContainer(node), doing: vscode.l10n.t('Creating the container') },
      { id: 'deleteItems', run: (node, selected) => this.delete(node, selected), doing: vscode.l10n.t('Deleting') },
      { id: 'copyItems', run: (node, selected) => this.copyMove.run('copy', selectedNodes(node, selected)), doing: vscode.l10n.t('Copying') },
      { id: 'moveItems', run: (node, selected) => this.copyMove.run('move', selectedNodes(node, selected)), doing: vscode.l10n.t('Moving') },
      { id: 'renameItem', run: (node) => this.copyMove.run('rename', selectedNodes(node, undefined)), doing: vscode.l10n.t('Renaming') },
      {
        id: 'copyDropped',
        run: (nodes, target) => {
          const to = listingOf(target)?.location;
          if (!to || !Array.isArray(nodes)) throw new Error(vscode.l10n.t('Drop objects and folders on a container or folder of the OpenStack Storage view.'));
          return this.copyMove.run('copy', nodes.filter(isStorageNode), { ...to, prefix: to.prefix ?? '' });
        },
        doing: vscode.l10n.t('Copying'),
      },
    ];
  }

  /** From a region or profile node, or the view title (then the profile and region are asked). */
  async createContainer(node?: unknown): Promise<void> {
    const profileId = await pickProfileId(this.store, this.prompts, node, vscode.l10n.t('Create a container with which profile?'));
    const session = this.store.session(profileId);
    let region = isStorageNode(node) && node.kind === 'region' ? node.region : isStorageNode(node) && node.kind === 'profile' ? node.singleRegion : undefined;
    if (!region) {
      const token = await withViewProgress(vscode.l10n.t('Signing in…'), (signal) => session.token(signal));
      const regions = token.catalog.regions('object-store');
      const preferred = session.profile.region;
      region =
        regions.length <= 1
          ? (regions[0] ?? preferred ?? '')
          : (
              await this.prompts.pick(
                regions.map((r) => ({ label: r, description: r === preferred ? 'preferred' : undefined })),
                { title: vscode.l10n.t('Create Container: in which region?') },
              )
            ).label;
    }
    const name = await this.prompts.input({
      title: vscode.l10n.t('Create Container in {0}', region || vscode.l10n.t('the default region')),
      prompt: vscode.l10n.t('Name of the new container (any characters but "/", at most 256 bytes).'),
      validateInput: (value) => containerNameProblem(value),
    });
    const problem = containerNameProblem(name);
    if (problem) throw new Error(problem);
    const created = await withProgress(vscode.l10n.t('Creating container {0}…', quotedName(name)), async (signal) => {
      const client = await session.swift(region || undefined, signal);
      return (await client.createContainer(name, {}, signal)).created;
    });
    const where = region ? vscode.l10n.t(' in region {0}', region) : '';
    if (created) void vscode.window.showInformationMessage(vscode.l10n.t('Created container {0}{1}.', quotedName(name), where));
    else void vscode.window.showWarningMessage(vscode.l10n.t('Container {0} already exists{1}: nothing was changed.', quotedName(name), where));
    await this.tree.refreshWhere(
      (n) => n.profileId === profileId && ((n.kind === 'region' && n.region === region) || (n.kind === 'profile' && n.singleRegion === region)),
    );
  }

  async delete(node?: unknown, selected?: unknown): Promise<void> {
    const nodes = selectedNodes(node, selected).filter((n): n is ItemNode => n.kind === 'object' || n.kind === 'folder' || n.kind === 'container');
    if (!nodes.length) throw new Error(vscode.l10n.t('Delete works on objects, folders and containers selected in the OpenStack Storage view.'));
    const { profileId, region } = sameRegion(nodes);
    const targets: DeleteTarget[] = nodes.map((n) =>
      n.kind === 'object'
        ? { kind: 'object', container: n.container, name: n.name }
        : n.kind === 'folder'
          ? { kind: 'folder', container: n.container, prefix: n.prefix }
          : { kind: 'container', container: n.container },
    );
    const session = this.store.session(profileId);
    const { client, plan } = await withProgress(vscode.l10n.t('Counting what to delete…'), async (signal) => {
      const swift = await session.swift(region, signal);
      return { client: swift, plan: await planDeletion(swift, targets, signal) };
    });
    const actions = plan.counts.largeObjects > 0 ? [DELETE(), DELETE_WITH_SEGMENTS()] : [DELETE()];
    const answer = await this.prompts.current.confirm(deletionQuestion(plan), deletionDetail(plan), ...actions);
    if (!answer || !actions.includes(answer)) throw new UserCancelled();
    const total = plan.counts.totalObjects + plan.counts.containers;
    const withSegments = answer === DELETE_WITH_SEGMENTS();
    const report = await withProgress(vscode.l10n.t('Deleting {0} items…', total.toLocaleString('en-US')), (signal, progress) =>
      runDeletion(client, plan, {
        signal,
        withSegments,
        onProgress: progressReporter(progress, (done, total) => vscode.l10n.t('{0} of {1} deleted', done, total)),
      }),
    );
    try {
      await this.summarize(client, report, total);
    } finally {
      // Whatever happened, the tree shows what is left: the listings that held the deleted nodes.
      const parents = nodes.map((n) => n.parent).filter((p): p is NonNullable<typeof p> => !!p);
      await this.tree.refreshWhere((n) => parents.includes(n as never));
    }
  }

  /** Reports the outcome; while paths failed, offers to send only those again. */
  private async summarize(client: SwiftClient, first: DeletionReport, total: number): Promise<void> {
    let report = first;
    for (;;) {
      const summary = deletionSummary(report, total);
      for (const f of report.failures) this.log.warn(`Delete failed: ${failureLine(f)}`);
      if (!summary.failed) {
        void vscode.window.showInformationMessage(summary.message);
        return;
      }
      const retry = await this.prompts.current.confirm(summary.message, summary.detail, RETRY_FAILED());
      if (retry !== RETRY_FAILED()) return;
      const failures = report.failures;
      total = failures.length;
      report = await withProgress(vscode.l10n.t('Retrying {0} failed deletions…', failures.length.toLocaleString('en-US')), (signal, progress) =>
        retryDeletion(client, failures, { signal, onProgress: progressReporter(progress, (done, total) => vscode.l10n.t('{0} of {1} deleted', done, total)) }),
      );
    }
  }
}
