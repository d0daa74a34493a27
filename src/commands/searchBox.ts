/**
 * The search box: a QuickPick used as a filter box over one container (or folder). Typing searches (debounced; a new
 * query cancels the search in flight); results stream in while the listing is read, redrawn at most every 100 ms
 * so the box stays responsive on a 100,000-name container; the title shows the progress. Accepting a result reveals
 * it in the tree and opens it; its button only reveals it. Closing the box cancels the search.
 */
import * as vscode from 'vscode';
import type { SwiftClient } from '../openstack/swift/client';
import type { ObjectEntry } from '../openstack/swift/listing';
import { SearchMode, SearchProgress, SearchResults, searchContainer } from '../openstack/swift/search';
import { isCancellation, userMessage } from '../ui/run';
import { RESULT_CAP, hitDescription, hitLabel, searchPlaceholder, searchTitle } from './searchText';

export interface SearchScope {
  profileId: string;
  region: string;
  container: string;
  /** A folder's prefix to search in, or ''. */
  within: string;
  /** `container "docs"`, `folder "logs/" of container "docs"`. */
  label: string;
}

export interface SearchHit extends vscode.QuickPickItem {
  /** Undefined on the item that reports a failed search. */
  entry: ObjectEntry | undefined;
}

export interface SearchActions {
  /** Reveals the object in the tree and selects it; `focus` moves the keyboard focus there too. */
  reveal(scope: SearchScope, entry: ObjectEntry, focus: boolean): Promise<void>;
  /** Opens it (read-only). */
  open(scope: SearchScope, entry: ObjectEntry): Promise<void>;
}

export interface SearchBoxOptions {
  debounceMs: number;
  redrawMs: number;
}

const REVEAL_BUTTON: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('list-tree'), tooltip: 'Reveal in the OpenStack Storage View' };

export class SearchBox implements vscode.Disposable {
  readonly quickPick = vscode.window.createQuickPick<SearchHit>();
  mode: SearchMode = 'substring';
  caseSensitive = false;
  private query = '';
  private controller: AbortController | undefined;
  private debounce: ReturnType<typeof setTimeout> | undefined;
  private redraw: ReturnType<typeof setTimeout> | undefined;
  private results = new SearchResults(RESULT_CAP);
  private progress: SearchProgress | undefined;
  private error: string | undefined;
  private readonly items = new Map<string, SearchHit>();
  private running: Promise<void> = Promise.resolve();
  private readonly disposables: vscode.Disposable[] = [];
  private closed = false;
  private buttonsKey = '';

  constructor(
    readonly scope: SearchScope,
    private readonly client: (signal: AbortSignal) => Promise<SwiftClient>,
    private readonly actions: SearchActions,
    private readonly options: SearchBoxOptions = { debounceMs: 250, redrawMs: 100 },
  ) {
    const qp = this.quickPick;
    qp.matchOnDescription = false;
    qp.matchOnDetail = false;
    qp.ignoreFocusOut = false;
    this.disposables.push(
      qp,
      qp.onDidChangeValue((value) => this.setQuery(value)),
      qp.onDidAccept(() => {
        const hit = qp.selectedItems[0] ?? qp.activeItems[0];
        if (hit?.entry) void this.accept(hit);
      }),
      qp.onDidTriggerItemButton((e) => void this.revealOnly(e.item)),
      qp.onDidTriggerButton((button) => (qp.buttons.indexOf(button) === 0 ? this.toggleMode() : this.toggleCase())),
      qp.onDidHide(() => this.dispose()),
    );
    this.draw();
  }

  show(): void {
    this.quickPick.show();
  }

  /** Settles when the latest query's search has ended (finished, failed or cancelled) and the box was redrawn. */
  get idle(): Promise<void> {
    return this.running;
  }

  /** What typing does: the query changes; the search starts after a pause (an empty query shows nothing). */
  setQuery(value: string, immediately = false): void {
    this.query = value;
    this.cancel();
    clearTimeout(this.debounce);
    if (immediately) this.start();
    else this.debounce = setTimeout(() => this.start(), this.options.debounceMs);
  }

  toggleMode(): void {
    this.mode = this.mode === 'prefix' ? 'substring' : 'prefix';
    this.setQuery(this.query, true);
  }

  toggleCase(): void {
    this.caseSensitive = !this.caseSensitive;
    this.setQuery(this.query, true);
  }

  /** Enter on a result: the box closes, the object is revealed in the tree and opened. */
  async accept(hit: SearchHit): Promise<void> {
    const entry = hit.entry;
    if (!entry) return;
    this.quickPick.hide();
    await this.act(vscode.l10n.t('Opening the search result'), async () => {
      await this.actions.reveal(this.scope, entry, true);
      await this.actions.open(this.scope, entry);
    });
  }

  /** The result's button: revealed in the tree, the box stays open. */
  async revealOnly(hit: SearchHit): Promise<void> {
    const entry = hit.entry;
    // Without the focus: moving it to the tree would close the box.
    if (entry) await this.act(vscode.l10n.t('Revealing the search result'), () => this.actions.reveal(this.scope, entry, false));
  }

  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.cancel();
    clearTimeout(this.debounce);
    clearTimeout(this.redraw);
    for (const d of this.disposables) d.dispose();
  }

  private async act(doing: string, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (e) {
      if (!isCancellation(e)) void vscode.window.showErrorMessage(userMessage(e, doing));
    }
  }

  private cancel(): void {
    this.controller?.abort();
    this.controller = undefined;
  }

  private start(): void {
    const controller = new AbortController();
    this.controller = controller;
    this.results = new SearchResults(RESULT_CAP);
    this.items.clear();
    this.progress = undefined;
    this.error = undefined;
    const query = { text: this.query, mode: this.mode, caseSensitive: this.caseSensitive };
    if (!query.text) {
      this.draw();
      this.running = Promise.resolve();
      return;
    }
    this.quickPick.busy = true;
    this.draw();
    this.running = (async () => {
      try {
        const client = await this.client(controller.signal);
        const updates = searchContainer(client, this.scope.container, query, { within: this.scope.within, signal: controller.signal });
        for await (const update of updates) {
          if (controller !== this.controller) return;
          this.results.add(update.hits);
          this.progress = update.progress;
          this.scheduleDraw();
        }
      } catch (e) {
        if (controller !== this.controller || isCancellation(e) || controller.signal.aborted) return;
        this.error = userMessage(e, vscode.l10n.t('Searching {0}', this.scope.label));
      }
      if (controller === this.controller && !this.closed) {
        this.controller = undefined;
        this.draw();
      }
    })();
  }

  /** Redraws at most every `redrawMs`: a page of 10,000 names must not become 10,000 redraws. */
  private scheduleDraw(): void {
    if (this.redraw !== undefined) return;
    this.redraw = setTimeout(() => {
      this.redraw = undefined;
      this.draw();
    }, this.options.redrawMs);
  }

  private draw(): void {
    if (this.closed) return;
    clearTimeout(this.redraw);
    this.redraw = undefined;
    const qp = this.quickPick;
    const snapshot = this.results.snapshot();
    qp.busy = this.controller !== undefined && !!this.query;
    qp.title = searchTitle(this.scope.label, {
      query: this.query,
      mode: this.mode,
      caseSensitive: this.caseSensitive,
      progress: this.progress,
      shown: snapshot.items.length,
      error: this.error,
    });
    const buttonsKey = `${this.mode}/${this.caseSensitive}`;
    if (buttonsKey !== this.buttonsKey) {
      this.buttonsKey = buttonsKey;
      qp.placeholder = searchPlaceholder(this.mode);
      qp.buttons = this.buttons();
    }
    // Items keep their identity from one redraw to the next, so the highlighted result stays put.
    const items = snapshot.items.map((entry) => {
      let item = this.items.get(entry.name);
      if (!item) {
        item = { label: hitLabel(entry.name, this.scope.within), description: hitDescription(entry), alwaysShow: true, buttons: [REVEAL_BUTTON], entry };
        this.items.set(entry.name, item);
      }
      return item;
    });
    if (this.items.size > 2 * RESULT_CAP) {
      // Results pushed out by earlier ones (the backward cursor's): forgotten, so memory stays bounded.
      this.items.clear();
      for (const item of items) if (item.entry) this.items.set(item.entry.name, item);
    }
    if (this.error) items.unshift({ label: vscode.l10n.t('$(error) {0}', this.error), alwaysShow: true, entry: undefined });
    const same = items.length === qp.items.length && items.every((item, i) => item === qp.items[i]);
    if (!same) qp.items = items;
  }

  /** The title bar's toggles: search mode, case. */
  private buttons(): vscode.QuickInputButton[] {
    return [
      {
        iconPath: new vscode.ThemeIcon(this.mode === 'prefix' ? 'symbol-key' : 'whole-word'),
        tooltip: this.mode === 'prefix' ? 'Searching by Prefix: Search by Substring Instead' : 'Searching by Substring: Search by Prefix Instead',
      },
      {
        iconPath: new vscode.ThemeIcon(this.caseSensitive ? 'case-sensitive' : 'text-size'),
        tooltip: this.caseSensitive ? vscode.l10n.t('Matching Case: Ignore Case Instead') : vscode.l10n.t('Ignoring Case: Match Case Instead'),
      },
    ];
  }
}
