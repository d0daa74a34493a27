/**
 * Copy To…, Move To… and Rename… of objects and folders: the destination container (same region: Swift copies
 * server-side within one cluster only) and the new name or prefix are asked through Prompts; existing
 * destinations are asked about once (Overwrite / Skip Existing / cancel); the copy runs with cancellable
 * progress; failed items can be retried; the source and destination listings are refreshed afterwards.
 */
import { OVERWRITE, RETRY_FAILED, SKIP_EXISTING } from '../ui/buttons';
import * as vscode from 'vscode';
import type { ProfileStore } from '../auth/profileStore';
import type { Log } from '../log';
import type { SwiftClient } from '../openstack/swift/client';
import { commonPrefix, failedPlan, planCopy, runCopy, type CopyPlan, type CopyReport } from '../openstack/swift/copying';
import { CopySource, destinationPrefix, copyProblem } from '../openstack/swift/managePlan';
import { quotedName, visibleName } from '../ui/format';
import type { StorageTree } from '../views/storageTree';
import type { StorageNode } from '../views/nodes';
import { type ItemNode, progressReporter, sameRegion } from './manageSelection';
import { conflictQuestion, copyFailureLine, copySummary, copyTitle, type CopyVerb } from './manageText';
import type { Prompts } from '../ui/prompts';
import { UserCancelled, withProgress, withViewProgress } from '../ui/run';

type SourceNode = Extract<ItemNode, { kind: 'object' | 'folder' }>;

export class CopyMoveCommand {
  constructor(
    private readonly store: ProfileStore,
    private readonly prompts: Prompts,
    private readonly tree: StorageTree,
    private readonly log: Log,
  ) {}

  /**
   * `dropped`: the container and folder prefix the items were dragged onto in the tree; the destination is not
   * asked then (each item keeps its own last name under that prefix).
   */
  async run(verb: CopyVerb, selection: StorageNode[], dropped?: { profileId: string; region: string; container: string; prefix: string }): Promise<void> {
    const nodes = selection.filter((n): n is SourceNode => n.kind === 'object' || n.kind === 'folder');
    const title = verb === 'copy' ? vscode.l10n.t('Copy To') : verb === 'move' ? vscode.l10n.t('Move To') : vscode.l10n.t('Rename');
    if (!nodes.length) throw new Error(vscode.l10n.t('{0} works on objects and folders selected in the OpenStack Storage view.', title));
    if (verb === 'rename' && nodes.length > 1) throw new Error(vscode.l10n.t('Rename works on one object or folder at a time: use Move To… for several.'));
    const { profileId, region } = sameRegion(nodes);
    const sources: CopySource[] = nodes.map((n) =>
      n.kind === 'object' ? { kind: 'object', container: n.container, name: n.name } : { kind: 'folder', container: n.container, prefix: n.prefix },
    );
    const session = this.store.session(profileId);
    const client = await withViewProgress(vscode.l10n.t('Connecting…'), (signal) => session.swift(region, signal));

    if (dropped && (dropped.profileId !== profileId || dropped.region !== region)) {
      throw new Error(
        vscode.l10n.t('Drag and drop copies within one region of one profile (Swift copies on the server): use Download and Upload between regions.'),
      );
    }
    const container = dropped?.container ?? (verb === 'rename' ? nodes[0].container : await this.pickContainer(client, title, nodes[0].container, region));
    const single = sources.length === 1;
    const current = single ? (nodes[0].kind === 'object' ? nodes[0].name : nodes[0].prefix) : commonParent(sources);
    const what = single ? (nodes[0].kind === 'object' ? 'object' : 'folder') : `${sources.length} items`;
    const to = dropped
      ? droppedName(sources, dropped.prefix)
      : await this.prompts.input({
          title: vscode.l10n.t('{0}: {1} → container {2}', title, single ? quotedName(current) : what, quotedName(container)),
          prompt: single
            ? `New full ${nodes[0].kind === 'object' ? 'name of the object' : 'prefix of the folder (ends with "/"; empty: its contents go to the top level)'} in container ${quotedName(container)}.`
            : vscode.l10n.t('Folder prefix to put the selected items under (empty: the top level).'),
          value: current,
          valueSelection: single && nodes[0].kind === 'object' ? lastSegment(current) : undefined,
          validateInput: (value) => sources.map((s) => copyProblem(s, container, destinationPrefix(s, value, single))).find(Boolean),
        });

    const problem = dropped && sources.map((s) => copyProblem(s, container, destinationPrefix(s, to, single))).find(Boolean);
    if (problem) throw new Error(problem);
    const doing = verb === 'copy' ? 'copy' : 'move';
    const plan = await withProgress(
      verb === 'copy'
        ? vscode.l10n.t('Listing what to copy…')
        : verb === 'move'
          ? vscode.l10n.t('Listing what to move…')
          : vscode.l10n.t('Listing what to rename…'),
      (signal) => planCopy(client, doing, sources, { container, name: to }, signal),
    );
    let overwrite = false;
    if (plan.conflicts.length) {
      const q = conflictQuestion(plan);
      const answer = await this.prompts.current.confirm(q.message, q.detail, OVERWRITE(), SKIP_EXISTING());
      if (answer !== OVERWRITE() && answer !== SKIP_EXISTING()) throw new UserCancelled();
      overwrite = answer === OVERWRITE();
    }
    const where = vscode.l10n.t('container {0}', quotedName(container));
    try {
      const report = await withProgress(copyTitle(verb, plan, where), (signal, progress) =>
        runCopy(client, plan, { signal, overwrite, onProgress: progressReporter(progress, (done, total) => vscode.l10n.t('{0} of {1} steps', done, total)) }),
      );
      await this.summarize(client, verb, plan, report, where);
    } finally {
      await this.tree.refreshWhere(
        (n) =>
          n.profileId === profileId &&
          n.kind !== 'profile' &&
          n.kind !== 'region' &&
          n.region === region &&
          (n.container === container || nodes.some((s) => s.parent === n)),
      );
    }
  }

  /** Containers of the same region, the source's first. */
  private async pickContainer(client: SwiftClient, title: string, source: string, region: string): Promise<string> {
    const names = await withViewProgress(vscode.l10n.t('Listing the containers…'), async (signal) => {
      const out: string[] = [];
      for await (const page of client.listContainers({ signal })) out.push(...page.entries.map((e) => e.name));
      return out;
    });
    const items = [source, ...names.filter((n) => n !== source)].map((name) => ({
      label: visibleName(name),
      description: name === source ? vscode.l10n.t('same container') : undefined,
      name,
    }));
    const picked = await this.prompts.pick(items, {
      title: vscode.l10n.t('{0}: which container? (region {1})', title, region),
      placeHolder: vscode.l10n.t('Swift copies server-side within one region; other regions are separate clusters.'),
    });
    return picked.name;
  }

  private async summarize(client: SwiftClient, verb: CopyVerb, plan: CopyPlan, first: CopyReport, where: string): Promise<void> {
    let report = first;
    let current = plan;
    for (;;) {
      const summary = copySummary(verb, report);
      for (const f of report.failures) this.log.warn(`${verb} failed: ${copyFailureLine(f)}`);
      if (!summary.failed) {
        void vscode.window.showInformationMessage(summary.message);
        return;
      }
      const retry = await this.prompts.current.confirm(summary.message, summary.detail, RETRY_FAILED());
      if (retry !== RETRY_FAILED()) return;
      current = failedPlan(current, report);
      const retryPlan = current;
      report = await withProgress(copyTitle(verb, retryPlan, where), (signal, progress) =>
        runCopy(client, retryPlan, {
          signal,
          overwrite: true,
          onProgress: progressReporter(progress, (done, total) => vscode.l10n.t('{0} of {1} steps', done, total)),
        }),
      );
    }
  }
}

/** The folder that holds every source: where several items go by default. */
function commonParent(sources: CopySource[]): string {
  const prefix = commonPrefix(sources.map((s) => (s.kind === 'folder' ? s.prefix.slice(0, -1) : s.name)));
  return prefix.slice(0, prefix.lastIndexOf('/') + 1);
}

/** The destination of items dropped on a folder: one item keeps its last name under the prefix; several go under it. */
function droppedName(sources: CopySource[], prefix: string): string {
  if (sources.length !== 1) return prefix;
  const s = sources[0];
  const name = s.kind === 'object' ? s.name : s.prefix.slice(0, -1);
  const last = name.slice(name.lastIndexOf('/') + 1);
  return s.kind === 'object' ? prefix + last : `${prefix}${last}/`;
}

/** Selects the last segment in the input (rename an object: type the new file name at once). */
function lastSegment(name: string): [number, number] {
  return [name.lastIndexOf('/') + 1, name.length];
}
