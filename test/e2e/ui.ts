/**
 * UI steps of the storage scenarios on top of test/editor/workbench.ts: the extension's tree (rows as
 * label/description/level, children of a row), context menus and inline actions, input boxes and quick
 * picks of the wizard, the token status bar item, modal dialogs, editor text and the clipboard.
 * Every wait is on UI (or file) state with a deadline, never a fixed sleep.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { Editor } from '../editor/editor';
import { extensionId } from '../editor/paths';
import type { CloudUser } from '../support/cloud';

export const VIEW = 'Object Storage';
export const VIEW_CONTAINER = 'OpenStack Storage';
/** The title of the add-profile wizard's steps (followed by "(n/m)"). */
export const WIZARD_TITLE = 'Add OpenStack profile';

/** Polls `probe` (every 100 ms) until `done(value)`; on timeout throws with the last value seen. */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  { timeoutMs = 20_000 }: { timeoutMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await probe();
      if (done(last)) return last;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      const seen = lastError && last === undefined ? `error: ${(lastError as Error).message}` : JSON.stringify(last, null, 1);
      throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}; last seen: ${seen}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * For scenarios that build on each other: once one fails, the ones after it are skipped (they would only fail
 * for the same reason). Call it in the describe block.
 */
export function skipAfterFirstFailure(): void {
  let broken: string | undefined;
  beforeEach(function () {
    if (broken) this.skip();
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') broken ??= this.currentTest.title;
  });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function exactly(text: string): RegExp {
  return new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`);
}

/** What the page functions use of the browser's globals (the test code is compiled without the DOM lib). */
interface BrowserGlobals {
  navigator: { clipboard: { readText(): Promise<string>; writeText(text: string): Promise<void> } };
  getComputedStyle(element: unknown): { opacity: string };
}

export interface Row {
  index: number;
  level: number;
  label: string;
  description: string;
  expanded: boolean | undefined;
}

export class StorageUi {
  constructor(private readonly ed: Editor) {}

  get page(): Page {
    return this.ed.page;
  }

  /** The rows of the view in display order (`data-index`), with their level and texts. */
  async rows(): Promise<Row[]> {
    const rows = this.ed.workbench.treeRowLocator(VIEW);
    const out: Row[] = await rows.evaluateAll((els) =>
      els.map((el) => {
        const text = (sel: string) => (el.querySelector(sel)?.textContent ?? '').trim();
        const expanded = el.getAttribute('aria-expanded');
        return {
          index: Number(el.getAttribute('data-index')),
          level: Number(el.getAttribute('aria-level')),
          label: text('.label-name'),
          description: text('.label-description'),
          expanded: expanded === null ? undefined : expanded === 'true',
        };
      }),
    );
    return out.sort((a, b) => a.index - b.index);
  }

  /** Labels of the rows directly under the row labelled `parent` (the first one), as now shown. */
  async childrenOf(parent: string): Promise<Row[]> {
    const rows = await this.rows();
    const at = rows.findIndex((r) => r.label === parent);
    if (at < 0) throw new Error(`no row "${parent}" in the tree: ${rows.map((r) => r.label).join(', ')}`);
    const children: Row[] = [];
    for (const row of rows.slice(at + 1)) {
      if (row.level <= rows[at].level) break;
      if (row.level === rows[at].level + 1) children.push(row);
    }
    return children;
  }

  /** Waits until the children of `parent` have exactly these labels; returns them. */
  async waitForChildren(parent: string, labels: string[], timeoutMs = 20_000): Promise<Row[]> {
    return waitUntil(
      `the children of "${parent}" to be ${JSON.stringify(labels)}`,
      () => this.childrenOf(parent),
      (rows) => JSON.stringify(rows.map((r) => r.label)) === JSON.stringify(labels),
      { timeoutMs },
    );
  }

  /** The row whose label is exactly `label`. */
  row(label: string): Locator {
    return this.ed.workbench
      .treeRowLocator(VIEW)
      .filter({ has: this.page.locator('.label-name', { hasText: exactly(label) }) })
      .first();
  }

  async waitForRow(label: string, timeoutMs = 20_000): Promise<Locator> {
    const row = this.row(label);
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
    return row;
  }

  /** Expands a collapsed row (clicking its twistie); a row already expanded is left alone. */
  async expand(label: string): Promise<void> {
    const row = await this.waitForRow(label);
    if ((await row.getAttribute('aria-expanded')) === 'true') return;
    await row.locator('.monaco-tl-twistie').click();
    await this.page
      .locator('.monaco-list-row[aria-expanded="true"]')
      .filter({ has: this.page.locator('.label-name', { hasText: exactly(label) }) })
      .first()
      .waitFor({ state: 'visible', timeout: 10_000 });
  }

  /** Clicks an action of the view's title bar (shown in the side bar's title when the view is alone). */
  async viewTitleAction(action: string): Promise<void> {
    const button = this.page.locator(`.part.sidebar .action-label[aria-label="${action}"]`).filter({ visible: true }).first();
    await button.waitFor({ state: 'visible', timeout: 10_000 });
    await button.click();
  }

  /** Clicks an inline action (the icons shown on hover) of a row, by its title. */
  async inlineAction(label: string, action: string): Promise<void> {
    const row = await this.waitForRow(label);
    await row.hover();
    const button = row.locator(`.actions .action-label[aria-label="${action}"]`);
    await button.waitFor({ state: 'visible', timeout: 5_000 });
    await button.click();
  }

  /**
   * Runs an entry of a row's context menu; `[submenu, entry]` goes through a submenu ("Copy", "Access"). The
   * entry is hovered until the menu marks it focused before the click: a click landing right after the menu
   * opened is swallowed by VS Code (seen: the menu stays open). `beforeClick` runs with the menu open (a screenshot).
   */
  async contextMenu(label: string, entry: string | [submenu: string, entry: string], beforeClick?: () => Promise<unknown>): Promise<void> {
    const menu = await this.openContextMenu(label, Array.isArray(entry) ? entry[0] : undefined);
    const name = Array.isArray(entry) ? entry[1] : entry;
    const item = (extra = '') => menu.locator(`li.action-item${extra}`, { has: this.page.locator(`.action-label[aria-label="${name}"]`) });
    await item().waitFor({ state: 'visible', timeout: 5_000 });
    await item().hover();
    await item('.focused').waitFor({ state: 'visible', timeout: 5_000 });
    await beforeClick?.();
    await item().click();
    const open = this.page.locator('.context-view .monaco-menu').first();
    // A click the menu did not take (seen twice on a busy machine: the entry focused, the menu still open 10 s later):
    // Enter on the focused entry runs it. A click it took closes the menu at once, before the command runs.
    const stillOpen = await open.waitFor({ state: 'hidden', timeout: 3_000 }).then(
      () => false,
      () => true,
    );
    if (stillOpen && (await item('.focused').isVisible())) await this.page.keyboard.press('Enter');
    await open.waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /**
   * The entries of a row's context menu (or of one of its submenus), separators as "—"; the menu is left open
   * for `whileOpen` (a screenshot), then closed with Escape.
   */
  async contextMenuEntries(label: string, submenu?: string, whileOpen?: () => Promise<unknown>): Promise<string[]> {
    const menu = await this.openContextMenu(label, submenu);
    const entries = await menu.locator(':scope > .monaco-action-bar > ul > li').evaluateAll((items) =>
      items.map((li) => {
        const el = li as unknown as { classList: { contains(c: string): boolean }; querySelector(s: string): { textContent: string | null } | null };
        if (el.classList.contains('disabled') && el.querySelector('.action-label.separator')) return '—';
        return (el.querySelector('.action-label')?.textContent ?? '—').trim() || '—';
      }),
    );
    await whileOpen?.();
    await this.page.keyboard.press('Escape');
    if (submenu) await this.page.keyboard.press('Escape');
    await this.page.locator('.context-view .monaco-menu').first().waitFor({ state: 'hidden', timeout: 10_000 });
    return entries;
  }

  /** Opens a row's context menu (and a submenu of it): returns the menu shown last. */
  private async openContextMenu(label: string, submenu?: string): Promise<Locator> {
    const row = await this.waitForRow(label);
    await row.click({ button: 'right' });
    const menu = this.page.locator('.context-view .monaco-menu').first();
    await menu.waitFor({ state: 'visible', timeout: 10_000 });
    if (!submenu) return menu;
    const parent = menu.locator('li.action-item', { has: this.page.locator('.action-label', { hasText: exactly(submenu) }) }).first();
    await parent.waitFor({ state: 'visible', timeout: 5_000 });
    await parent.hover();
    const sub = this.page.locator('.context-view .monaco-submenu .monaco-menu').last();
    await sub.waitFor({ state: 'visible', timeout: 5_000 });
    return sub;
  }

  // ---- quick input (input boxes and picks) ----

  get quickInput(): Locator {
    return this.ed.workbench.quickInput;
  }

  /**
   * Waits for the input box titled `title` (substring) whose prompt matches, types `value` and presses
   * Enter; `beforeEnter` runs once the text is in (e.g. a screenshot).
   */
  async answer(title: string, prompt: RegExp, value: string, beforeEnter?: () => Promise<unknown>): Promise<void> {
    const input = await this.typeAnswer(title, prompt, value);
    await beforeEnter?.();
    await input.press('Enter');
  }

  /** As answer(), without pressing Enter: waits for the input box, replaces its text with `value`; returns the input. */
  async typeAnswer(title: string, prompt: RegExp, value: string): Promise<Locator> {
    const widget = this.quickInput;
    await widget.locator('.quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: 15_000 });
    await widget.locator('.quick-input-message', { hasText: prompt }).waitFor({ state: 'visible', timeout: 15_000 });
    const input = widget.locator('.quick-input-box input');
    await input.focus();
    await input.press('Control+A');
    if (value) await input.pressSequentially(value);
    else await input.press('Delete');
    await waitUntil(
      `the input "${title}" to hold what was typed`,
      () => input.inputValue(),
      (v) => v === value,
      { timeoutMs: 5_000 },
    );
    return input;
  }

  /** Waits for the quick input titled `title` (substring, e.g. "(2/8)"); returns the text in its input box. */
  async quickInputValue(title: string): Promise<string> {
    await this.quickInput.locator('.quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: 15_000 });
    return this.quickInput.locator('.quick-input-box input').inputValue();
  }

  /** Waits until the quick input's message (its prompt, or the validation message that replaces it) matches. */
  async waitForInputMessage(message: RegExp): Promise<string> {
    const element = this.quickInput.locator('.quick-input-message', { hasText: message });
    await element.waitFor({ state: 'visible', timeout: 15_000 });
    return (await element.innerText()).trim();
  }

  /** Clicks the Back button of a multi-step quick input (left of its title). */
  async quickInputBack(): Promise<void> {
    await this.quickInput.locator('.quick-input-left-action-bar .action-label').first().click();
  }

  /**
   * Waits for the quick pick titled `title` (substring) and picks the item labelled exactly `label`;
   * `beforePick` runs once the item shows (e.g. a screenshot).
   */
  async pick(title: string, label: string, beforePick?: () => Promise<unknown>): Promise<void> {
    const widget = this.quickInput;
    await widget.locator('.quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout: 15_000 });
    const item = widget
      .locator('.quick-input-list .monaco-list-row')
      .filter({ has: this.page.locator('.label-name', { hasText: exactly(label) }) })
      .first();
    await item.waitFor({ state: 'visible', timeout: 10_000 });
    await beforePick?.();
    // The mouse may rest where an earlier click left it, over another item whose hover would cover this one.
    await this.page.mouse.move(1, 1);
    await this.page
      .locator('.context-view .monaco-hover')
      .waitFor({ state: 'hidden', timeout: 5_000 })
      .catch(() => undefined);
    await item.click();
  }

  // ---- status bar, dialogs, notifications ----

  /** The extension's token item in the status bar. */
  get tokenStatus(): Locator {
    return this.page.locator(`.part.statusbar [id="${extensionId()}.openstackStorage.token"]`);
  }

  /** Waits until the token item's text matches; returns the text. */
  async waitForTokenStatus(text: RegExp, timeoutMs = 20_000): Promise<string> {
    await this.tokenStatus.filter({ hasText: text }).waitFor({ state: 'visible', timeout: timeoutMs });
    return (await this.tokenStatus.innerText()).trim();
  }

  /** The expiry the token item's tooltip states (ISO), from its accessible label. */
  async tokenExpiry(): Promise<string | undefined> {
    const label = (await this.tokenStatus.getAttribute('aria-label')) ?? '';
    return /Token expires (\S+)/.exec(label)?.[1];
  }

  /** Waits until an element is fully opaque (VS Code fades messages in): for screenshots that show it. */
  async waitOpaque(element: Locator): Promise<void> {
    await waitUntil(
      'an element to finish fading in',
      () => element.evaluate((el) => (globalThis as unknown as BrowserGlobals).getComputedStyle(el).opacity),
      (opacity) => opacity === '1',
      { timeoutMs: 5_000 },
    );
  }

  /** Clicks a button of the modal dialog now shown, checking its message first. */
  async confirmDialog(message: RegExp, button: string): Promise<string> {
    const dialog = this.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 10_000 });
    const text = await dialog.innerText();
    if (!message.test(text)) throw new Error(`the dialog says ${JSON.stringify(text)}, not ${message}`);
    await dialog.locator('.dialog-buttons a.monaco-button', { hasText: exactly(button) }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
    return text;
  }

  /** Messages of the error notifications now shown (toasts with the error icon). */
  async errorToasts(): Promise<string[]> {
    const messages = this.page.locator('.notifications-toasts .notification-toast:has(.codicon-error) .notification-list-item-message');
    return (await messages.allInnerTexts()).map((t) => t.trim());
  }

  /**
   * Records, from now until the returned function is called, every notification message shown (even one gone
   * again at once) and whether the tree view's progress bar ran: proves where a short read shows its progress.
   */
  async recordProgress(): Promise<() => Promise<{ notifications: string[]; viewProgress: boolean }>> {
    const key = `__ossRecord${Date.now()}`;
    await this.page.evaluate((k) => {
      type Doc = { querySelectorAll(s: string): ArrayLike<{ textContent: string | null }>; querySelector(s: string): unknown; body: unknown };
      const g = globalThis as unknown as Record<string, unknown> & {
        document: Doc;
        MutationObserver: new (f: () => void) => { observe(n: unknown, o: object): void; disconnect(): void };
      };
      const seen = { notifications: [] as string[], viewProgress: false, observer: undefined as unknown };
      const look = () => {
        for (const el of Array.from(g.document.querySelectorAll('.notifications-toasts .notification-list-item-message'))) {
          const text = (el.textContent ?? '').trim();
          if (text && !seen.notifications.includes(text)) seen.notifications.push(text);
        }
        // A view alone in its container is merged with it: its progress runs in the container's bar, outside `.pane`.
        if (g.document.querySelector('.part.sidebar .monaco-progress-container.active')) seen.viewProgress = true;
      };
      const observer = new g.MutationObserver(look);
      observer.observe(g.document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      seen.observer = observer;
      g[k] = seen;
    }, key);
    return () =>
      this.page.evaluate((k) => {
        const g = globalThis as unknown as Record<string, { notifications: string[]; viewProgress: boolean; observer: { disconnect(): void } }>;
        g[k].observer.disconnect();
        return { notifications: g[k].notifications, viewProgress: g[k].viewProgress };
      }, key);
  }

  /** The toast whose message matches. */
  toast(message: RegExp): Locator {
    return this.page.locator('.notifications-toasts .notification-toast', {
      has: this.page.locator('.notification-list-item-message', { hasText: message }),
    });
  }

  /** Waits until the toast whose message matches is shown and has finished fading in; returns its message. */
  async waitForToast(message: RegExp, timeoutMs = 20_000): Promise<string> {
    const toast = this.toast(message).and(this.page.locator('.notification-fade-in-done')).first();
    await toast.waitFor({ state: 'visible', timeout: timeoutMs });
    return (await toast.locator('.notification-list-item-message').innerText()).trim();
  }

  // ---- editors and the clipboard ----

  /** The tab whose label is exactly `title`, once shown. */
  async waitForTab(title: string): Promise<Locator> {
    const tab = this.page.locator('.part.editor .tabs-container .tab', { has: this.page.locator('.label-name', { hasText: exactly(title) }) });
    await tab.waitFor({ state: 'visible', timeout: 20_000 });
    return tab;
  }

  /** The text editor of the active editor group. */
  get activeEditor(): Locator {
    return this.page.locator('.part.editor .editor-group-container.active .editor-instance .monaco-editor').first();
  }

  async grantClipboard(): Promise<void> {
    await this.ed.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: this.ed.url });
  }

  async readClipboard(): Promise<string> {
    return this.page.evaluate(() => (globalThis as unknown as BrowserGlobals).navigator.clipboard.readText());
  }

  /**
   * Runs `copy` (a UI action that writes the clipboard) and returns what it wrote: the clipboard is set to
   * a marker first, and read until it changed (the editor writes it asynchronously).
   */
  async copied(copy: () => Promise<void>): Promise<string> {
    const marker = `e2e-clipboard-marker-${Date.now()}`;
    await this.page.evaluate((m) => (globalThis as unknown as BrowserGlobals).navigator.clipboard.writeText(m), marker);
    await copy();
    return waitUntil(
      'the clipboard to change',
      () => this.readClipboard(),
      (t) => t !== marker,
      { timeoutMs: 10_000 },
    ).catch((e: Error) => {
      throw new Error(e.message.replace(/last seen: .*/s, '(the clipboard kept its marker)'));
    });
  }

  /**
   * The whole text of the active editor's document (select all, copy): exact, unlike the rendered lines.
   * The selection is dropped again (the cursor goes to the start), so screenshots show the document plainly.
   */
  async activeDocumentText(): Promise<string> {
    const editor = this.activeEditor;
    await editor.locator('.view-lines').waitFor({ state: 'visible', timeout: 10_000 });
    const text = await this.copied(async () => {
      await editor.locator('.view-lines').click();
      await this.page.keyboard.press('Control+A');
      await this.page.keyboard.press('Control+C');
    });
    await this.page.keyboard.press('Control+Home');
    await this.page
      .locator('.part.statusbar [id="status.editor.selection"]')
      .filter({ hasText: /^\s*Ln 1, Col 1\s*$/ })
      .waitFor({ state: 'visible', timeout: 5_000 });
    return text;
  }

  // ---- settings ----

  /** The user settings file as the editor wrote it. */
  userSettings(): Record<string, unknown> {
    const text = readFileSync(join(this.ed.userDataDir, 'User', 'settings.json'), 'utf8');
    return JSON.parse(text) as Record<string, unknown>;
  }

  /** Sets a number setting through the Settings editor (search, type), waits until it is saved, closes the editor. */
  async setNumberSetting(key: string, title: RegExp, value: number): Promise<void> {
    await this.ed.workbench.runCommand('Preferences: Open User Settings');
    const editor = this.page.locator('.settings-editor');
    await editor.waitFor({ state: 'visible', timeout: 20_000 });
    const search = editor.locator('.settings-header .suggest-input-container textarea').first();
    await search.waitFor({ state: 'visible', timeout: 10_000 });
    await search.focus();
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.type(key);
    const item = editor.locator('.setting-item-number', { has: this.page.locator('.setting-item-title', { hasText: title }) }).first();
    await item.waitFor({ state: 'visible', timeout: 10_000 });
    const input = item.locator('input');
    await input.focus();
    await input.press('Control+A');
    await input.pressSequentially(String(value));
    await waitUntil(
      `${key} = ${value} in the user settings file`,
      async () => this.userSettings()[key],
      (v) => v === value,
    );
    await this.ed.workbench.runCommand('View: Close All Editors');
    await editor.waitFor({ state: 'hidden', timeout: 10_000 });
  }

  // ---- the window and its profiles ----

  /**
   * How a scenario file starts: a reload (a fresh extension host: whatever an earlier suite changed in the
   * extension's memory, e.g. the in-host suite's prompter, is gone), then, with `closeEditors`, no tab an earlier
   * suite left open (the reload restores them); the clipboard granted, the storage view open in a wide side bar.
   */
  async startFresh({ closeEditors = false }: { closeEditors?: boolean } = {}): Promise<void> {
    await this.ed.reload();
    if (closeEditors) await this.ed.workbench.runCommand('View: Close All Editors');
    await this.grantClipboard();
    await this.ed.workbench.openViewContainer(VIEW_CONTAINER);
    await this.widenSideBar(500);
  }

  /**
   * Answers the add-profile wizard (one multi-step input), once it is open: the profile's name, the auth URL,
   * Password, the user's names and password (or `password`, e.g. a wrong one), then Sign in and save (no Advanced
   * settings); `beforePassword` runs once the password is typed.
   */
  async fillProfileWizard(
    name: string,
    authUrl: string,
    user: CloudUser,
    { password = user.password, beforePassword }: { password?: string; beforePassword?: () => Promise<unknown> } = {},
  ): Promise<void> {
    const title = WIZARD_TITLE;
    await this.answer(`${title} (1/8)`, /^A name for this account/, name);
    await this.answer(`${title} (2/8)`, /^Auth URL/, authUrl);
    await this.pick(`${title} (3/8)`, 'Password');
    await this.answer(`${title} (4/8)`, /^User name/, user.name);
    await this.answer(`${title} (5/8)`, /^User domain name/, user.domain);
    await this.answer(`${title} (6/8)`, /^Project name/, user.project);
    // A project adds its domain's step.
    await this.answer(`${title} (7/9)`, /^Project domain name/, user.projectDomain);
    await this.answer(`${title} (8/9)`, /^Password/, password, beforePassword);
    await this.pick(`${title} (9/9)`, 'Sign in and save');
  }

  /** Adds a profile through the wizard from the view's title bar; waits for its "saved" notification. */
  async addProfile(name: string, authUrl: string, user: CloudUser): Promise<void> {
    await this.viewTitleAction('Add Profile…');
    await this.fillProfileWizard(name, authUrl, user);
    await this.waitForToast(new RegExp(`Profile "${escapeRegExp(name)}" saved`));
  }

  /**
   * Adds the profile `name` unless an earlier scenario did, then waits for its row. The settings file says
   * whether it exists (the welcome view can flash while the tree loads, so it is no evidence).
   */
  async ensureProfile(name: string, authUrl: string, user: CloudUser): Promise<void> {
    const profiles = (this.userSettings()['openstackStorage.profiles'] ?? []) as Array<{ name?: string }>;
    if (!profiles.some((p) => p.name === name)) {
      await this.addProfile(name, authUrl, user);
      await this.ed.workbench.clearNotifications();
    }
    await this.waitForRow(name);
  }

  /**
   * The profile a scenario file uses: the first one the view shows or, when the view shows its welcome content
   * (no profile yet), one added as `name` through the welcome's Add Profile (`added`: remove it at the end).
   */
  async profileOrWizard(name: string, authUrl: string, user: CloudUser): Promise<{ profile: string; added: boolean }> {
    const welcome = this.ed.workbench.view(VIEW).locator('.welcome-view-content');
    const state = await waitUntil(
      'the view to show profiles or its welcome content',
      async () => ((await welcome.isVisible()) ? 'welcome' : (await this.rows()).length ? 'profiles' : undefined),
      (s) => s !== undefined,
    );
    if (state === 'profiles') return { profile: (await this.rows()).find((r) => r.level === 1)?.label ?? '', added: false };
    await welcome.locator('a.monaco-button', { hasText: 'Add Profile' }).click();
    await this.fillProfileWizard(name, authUrl, user);
    await this.waitForToast(new RegExp(`Profile "${escapeRegExp(name)}" saved`));
    await this.ed.workbench.clearNotifications();
    return { profile: name, added: true };
  }

  /** Removes a profile through its context menu and the modal confirmation; waits until its row is gone. */
  async removeProfile(name: string): Promise<void> {
    await this.contextMenu(name, 'Remove Profile…');
    await this.confirmDialog(new RegExp(`Remove the profile "${escapeRegExp(name)}"\\?`), 'Remove');
    await this.row(name).waitFor({ state: 'detached', timeout: 20_000 });
  }

  /** Runs `work` (e.g. a screenshot of a wide document) with the side bar hidden, then shows it again. */
  async withSideBarHidden<T>(work: () => Promise<T>): Promise<T> {
    const bar = this.page.locator('.part.sidebar');
    const toggle = 'View: Toggle Primary Side Bar Visibility';
    await this.ed.workbench.runCommand(toggle);
    await bar.waitFor({ state: 'hidden', timeout: 10_000 });
    try {
      return await work();
    } finally {
      await this.ed.workbench.runCommand(toggle);
      await bar.waitFor({ state: 'visible', timeout: 10_000 });
    }
  }

  /** Drags the side bar's edge so the tree's labels and descriptions fit in the screenshots. */
  async widenSideBar(width: number): Promise<void> {
    const bar = this.page.locator('.part.sidebar');
    const box = await bar.boundingBox();
    if (!box || box.width >= width) return;
    const x = box.x + box.width;
    const y = box.y + box.height / 2;
    await this.page.mouse.move(x, y);
    await this.page.mouse.down();
    await this.page.mouse.move(x + (width - box.width) / 2, y, { steps: 4 });
    await this.page.mouse.move(x + (width - box.width), y, { steps: 4 });
    await this.page.mouse.up();
    await waitUntil(
      'the side bar to widen',
      async () => (await bar.boundingBox())?.width ?? 0,
      (w) => w >= width - 10,
      { timeoutMs: 5_000 },
    );
  }
}
