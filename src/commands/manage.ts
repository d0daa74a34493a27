/**
 * Create Container…, Delete… (objects, folders, containers; the tree's multi-selection), and the wiring of
 * Copy To… / Move To… / Rename… (copyMove.ts). Questions go through Prompts; long work shows cancellable
 * progress; the summary names per-item failures and offers "Retry Failed"; the touched tree nodes are listed
 * again afterwards.
 */
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
      { id: 'createContainer', run: (node) => this.createContainer(node), doing: 'Creating the container' },
      { id: 'deleteItems', run: (node, selected) => this.delete(node, selected), doing: 'Deleting' },
      { id: 'copyItems', run: (node, selected) => this.copyMove.run('copy', selectedNodes(node, selected)), doing: 'Copying' },
      { id: 'moveItems', run: (node, selected) => this.copyMove.run('move', selectedNodes(node, selected)), doing: 'Moving' },
      { id: 'renameItem', run: (node) => this.copyMove.run('rename', selectedNodes(node, undefined)), doing: 'Renaming' },
      {
        id: 'copyDropped',
        run: (nodes, target) => {
          const to = listingOf(target)?.location;
          if (!to || !Array.isArray(nodes)) throw new Error('Drop objects and folders on a container or folder of the OpenStack Storage view.');
          return this.copyMove.run('copy', nodes.filter(isStorageNode), { ...to, prefix: to.prefix ?? '' });
        },
        doing: 'Copying',
      },
    ];
  }

  /** From a region or profile node, or the view title (then the profile and region are asked). */
  async createContainer(node?: unknown): Promise<void> {
    const profileId = await pickProfileId(this.store, this.prompts, node, 'Create a container with which profile?');
    const session = this.store.session(profileId);
    let region = isStorageNode(node) && node.kind === 'region' ? node.region : isStorageNode(node) && node.kind === 'profile' ? node.singleRegion : undefined;
    if (!region) {
      const token = await withViewProgress('Signing in…', (signal) => session.token(signal));
      const regions = token.catalog.regions('object-store');
      const preferred = session.profile.region;
      region =
        regions.length <= 1
          ? (regions[0] ?? preferred ?? '')
          : (
              await this.prompts.pick(
                regions.map((r) => ({ label: r, description: r === preferred ? 'preferred' : undefined })),
                { title: 'Create Container: in which region?' },
              )
            ).label;
    }
    const name = await this.prompts.input({
      title: `Create Container in ${region || 'the default region'}`,
      prompt: 'Name of the new container (any characters but "/", at most 256 bytes).',
      validateInput: (value) => containerNameProblem(value),
    });
    const problem = containerNameProblem(name);
    if (problem) throw new Error(problem);
    const created = await withProgress(`Creating container ${quotedName(name)}…`, async (signal) => {
      const client = await session.swift(region || undefined, signal);
      return (await client.createContainer(name, {}, signal)).created;
    });
    const where = region ? ` in region ${region}` : '';
    if (created) void vscode.window.showInformationMessage(`Created container ${quotedName(name)}${where}.`);
    else void vscode.window.showWarningMessage(`Container ${quotedName(name)} already exists${where}: nothing was changed.`);
    await this.tree.refreshWhere(
      (n) => n.profileId === profileId && ((n.kind === 'region' && n.region === region) || (n.kind === 'profile' && n.singleRegion === region)),
    );
  }

  async delete(node?: unknown, selected?: unknown): Promise<void> {
    const nodes = selectedNodes(node, selected).filter((n): n is ItemNode => n.kind === 'object' || n.kind === 'folder' || n.kind === 'container');
    if (!nodes.length) throw new Error('Delete works on objects, folders and containers selected in the OpenStack Storage view.');
    const { profileId, region } = sameRegion(nodes);
    const targets: DeleteTarget[] = nodes.map((n) =>
      n.kind === 'object'
        ? { kind: 'object', container: n.container, name: n.name }
        : n.kind === 'folder'
          ? { kind: 'folder', container: n.container, prefix: n.prefix }
          : { kind: 'container', container: n.container },
    );
    const session = this.store.session(profileId);
    const { client, plan } = await withProgress('Counting what to delete…', async (signal) => {
      const swift = await session.swift(region, signal);
      return { client: swift, plan: await planDeletion(swift, targets, signal) };
    });
    const actions = plan.counts.largeObjects > 0 ? ['Delete', 'Delete with Segments'] : ['Delete'];
    const answer = await this.prompts.current.confirm(deletionQuestion(plan), deletionDetail(plan), ...actions);
    if (!answer || !actions.includes(answer)) throw new UserCancelled();
    const total = plan.counts.totalObjects + plan.counts.containers;
    const withSegments = answer === 'Delete with Segments';
    const report = await withProgress(`Deleting ${total.toLocaleString('en-US')} items…`, (signal, progress) =>
      runDeletion(client, plan, { signal, withSegments, onProgress: progressReporter(progress, 'deleted') }),
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
      const retry = await this.prompts.current.confirm(summary.message, summary.detail, 'Retry Failed');
      if (retry !== 'Retry Failed') return;
      const failures = report.failures;
      total = failures.length;
      report = await withProgress(`Retrying ${failures.length.toLocaleString('en-US')} failed deletions…`, (signal, progress) =>
        retryDeletion(client, failures, { signal, onProgress: progressReporter(progress, 'deleted') }),
      );
    }
  }
}
