/**
 * The editor's requests for a node's children, while they are being answered. VS Code 1.100 (the oldest this
 * extension supports) registers the children a request answers under the node that asked, even when it forgot
 * that node meanwhile: a change event for it or an ancestor, or the node's parent listed again, forgets what is
 * under it, and the late answer's ids stay registered with nothing above them. The next answer carrying those
 * ids (the same folder, asked again by the redrawn tree) then fails with "Element with id … is already
 * registered", for as long as the window lives. A folder whose listing is slow while "Load more…" redraws its
 * container is enough.
 *
 * VS Code forgets what is under a node just before it asks the provider for that node's children or for its
 * TreeItem (when it redraws it). So each of those calls makes the requests in flight on that node or under it
 * stale, and a stale request answers no children: VS Code, which asked again, gets them from the newer request.
 * Newer VS Code versions drop such late answers themselves; there this costs nothing.
 * Pure: no `vscode` import.
 */
export interface TreeNodeWithParent {
  readonly parent?: TreeNodeWithParent;
}

interface ChildrenRequest<N> {
  /** The node whose children were asked for; undefined for the root. */
  readonly node: N | undefined;
  stale: boolean;
}

export class ChildrenRequests<N extends TreeNodeWithParent> {
  private readonly inFlight = new Set<ChildrenRequest<N>>();

  /** `onStale` is told of each request in flight that goes stale, whose answer will be dropped (a debug line). */
  constructor(private readonly onStale: (node: N | undefined) => void = () => undefined) {}

  /**
   * VS Code is about to forget what it registered under `node` (undefined: the root, so everything). Answers
   * still to come for that node or under it would be registered nowhere.
   */
  forgetting(node: N | undefined): void {
    for (const request of this.inFlight) {
      if (request.stale || (node !== undefined && !isAtOrUnder(request.node, node))) continue;
      request.stale = true;
      this.onStale(request.node);
    }
  }

  /** Answers a request for `node`'s children with `children()`, or with none when it went stale meanwhile. */
  async answer<T>(node: N | undefined, children: () => Promise<T[]>): Promise<T[]> {
    this.forgetting(node);
    const request: ChildrenRequest<N> = { node, stale: false };
    this.inFlight.add(request);
    try {
      const answer = await children();
      return request.stale ? [] : answer;
    } finally {
      this.inFlight.delete(request);
    }
  }
}

function isAtOrUnder(node: TreeNodeWithParent | undefined, ancestor: TreeNodeWithParent): boolean {
  for (let n = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
}
