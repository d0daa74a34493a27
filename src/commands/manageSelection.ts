/** What the manage commands act on (the tree's selection) and how they report progress. */
import * as l10n from '@vscode/l10n';
import type * as vscode from 'vscode';
import { quotedName } from '../ui/format';
import { ContainerNode, FolderNode, ObjectNode, StorageNode, isStorageNode } from '../views/nodes';

export type ItemNode = ObjectNode | FolderNode | ContainerNode;

/** The nodes a tree command acts on: the selection when the clicked node is part of it, else the clicked node. */
export function selectedNodes(node: unknown, selected: unknown): StorageNode[] {
  const many = Array.isArray(selected) ? selected.filter(isStorageNode) : [];
  if (isStorageNode(node) && (many.length === 0 || !many.includes(node))) return [node];
  return many;
}

/** The one profile and region of `nodes`: commands run against one Swift cluster. */
export function sameRegion(nodes: ItemNode[]): { profileId: string; region: string } {
  const first = nodes[0];
  for (const n of nodes) {
    if (n.profileId !== first.profileId || n.region !== first.region) {
      throw new Error(
        l10n.t('Select items of one profile and region only: {0} and {1} are separate Swift clusters.', quotedName(first.region), quotedName(n.region)),
      );
    }
  }
  return { profileId: first.profileId, region: first.region };
}

/** Turns "done of total" into the increments VS Code's progress wants. */
export function progressReporter(progress: vscode.Progress<{ message?: string; increment?: number }>, say: (done: string, total: string) => string) {
  let last = 0;
  return (done: number, total: number) => {
    const increment = total ? ((done - last) / total) * 100 : 0;
    last = done;
    progress.report({ message: say(done.toLocaleString('en-US'), total.toLocaleString('en-US')), increment });
  };
}
