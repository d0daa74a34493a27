/**
 * UI helpers over the VS Code workbench in the browser (playwright-core). They wait on UI state, never on
 * fixed sleeps. Selectors are VS Code's own DOM classes (proven on code-server 4.100 / VS Code 1.100).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

export interface WaitOptions {
  timeoutMs?: number;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function exact(text: string | RegExp): RegExp {
  return typeof text === 'string' ? new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`) : text;
}

export class Workbench {
  private shots = 0;

  constructor(
    readonly page: Page,
    readonly screenshotsDir: string,
    private readonly log: (line: string) => void = () => {},
  ) {}

  /** The workbench is rendered: activity bar, side bar container, editor area and status bar. */
  async waitForReady({ timeoutMs = 90_000 }: WaitOptions = {}): Promise<void> {
    const p = this.page;
    await p.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
    for (const part of ['.part.activitybar', '.part.editor', '.part.statusbar']) {
      await p.locator(`.monaco-workbench ${part}`).first().waitFor({ state: 'visible', timeout: timeoutMs });
    }
    // Status bar entries appear once the workbench restored its parts.
    await p.locator('.part.statusbar .statusbar-item').first().waitFor({ state: 'attached', timeout: timeoutMs });
  }

  /** PNG screenshot of the whole page into the screenshots folder, numbered in order; returns its path. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(this.screenshotsDir, { recursive: true });
    const slug =
      name
        .replace(/[^A-Za-z0-9._-]+/g, '-')
        .replace(/^-+|-+$/g, '')
        .slice(0, 80) || 'shot';
    const path = join(this.screenshotsDir, `${String(++this.shots).padStart(2, '0')}-${slug}.png`);
    await this.page.screenshot({ path, fullPage: false });
    this.log(`screenshot ${path}`);
    return path;
  }

  get quickInput(): Locator {
    return this.page.locator('.quick-input-widget');
  }

  /**
   * Opens the command palette (F1). Only the opening is retried (up to `attempts` times): a keystroke can
   * be lost while the workbench is still settling; everything after it is deterministic.
   */
  async openCommandPalette({ attempts = 3, timeoutMs = 5_000 } = {}): Promise<Locator> {
    const widget = this.quickInput;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      if (await widget.isVisible()) {
        await this.page.keyboard.press('Escape');
        await widget.waitFor({ state: 'hidden', timeout: timeoutMs }).catch(() => {});
      }
      await this.page.keyboard.press('F1');
      try {
        await widget.waitFor({ state: 'visible', timeout: timeoutMs });
        return widget;
      } catch {
        this.log(`command palette did not open (attempt ${attempt}/${attempts})`);
      }
    }
    throw new Error(`command palette did not open after ${attempts} attempts`);
  }

  /**
   * Runs a command by its palette label, e.g. "OSS Test Driver: Show Demo View" (category: title), chosen
   * by exact label so that "X: Open" never picks "X: Open Recent". The palette lists the commands known
   * when it opened: while the workbench still registers extensions (right after it rendered or reloaded),
   * a missing command is looked for again in a newly opened palette, until `timeoutMs`.
   */
  async runCommand(label: string, { timeoutMs = 15_000 }: WaitOptions = {}): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let widget: Locator;
    let row: Locator;
    for (;;) {
      widget = await this.openCommandPalette();
      const input = widget.locator('.quick-input-box input');
      await input.fill(`>${label}`);
      row = widget
        .locator('.quick-input-list .monaco-list-row')
        .filter({ has: this.page.locator('.label-name', { hasText: exact(label) }) })
        .first();
      const left = deadline - Date.now();
      try {
        await row.waitFor({ state: 'visible', timeout: Math.max(1_000, Math.min(3_000, left)) });
        break;
      } catch (e) {
        if (Date.now() >= deadline) throw e;
        this.log(`command "${label}" not in the palette yet; opening it again`);
      }
    }
    await row.click();
    await widget.waitFor({ state: 'hidden', timeout: timeoutMs });
    this.log(`ran command "${label}"`);
  }

  /** Messages of the notification toasts now visible. */
  async notifications(): Promise<string[]> {
    const texts = await this.page.locator('.notifications-toasts .notification-toast .notification-list-item-message').allInnerTexts();
    return texts.map((t) => t.trim());
  }

  /** Waits for a toast whose message contains `text` (or matches the RegExp); returns its message. */
  async waitForNotification(text: string | RegExp, { timeoutMs = 20_000 }: WaitOptions = {}): Promise<string> {
    const toast = this.page.locator('.notifications-toasts .notification-toast .notification-list-item-message', { hasText: text }).first();
    await toast.waitFor({ state: 'visible', timeout: timeoutMs });
    return (await toast.innerText()).trim();
  }

  /** Clears every notification (toasts and the notification center). */
  async clearNotifications(): Promise<void> {
    await this.runCommand('Notifications: Clear All Notifications');
    await this.page
      .locator('.notifications-toasts .notification-toast')
      .first()
      .waitFor({ state: 'hidden' })
      .catch(() => {});
  }

  /**
   * Shows a view container by the start of its activity bar title, e.g. "Explorer". Activity bar entries
   * toggle, so it clicks only while the entry is not the selected one of a visible side bar.
   */
  async openViewContainer(title: string, { timeoutMs = 15_000 }: WaitOptions = {}): Promise<void> {
    const p = this.page;
    const item = p
      .locator('.part.activitybar li.action-item')
      .filter({ has: p.locator(`a.action-label[aria-label^="${title.replace(/"/g, '\\"')}"]`) })
      .first();
    await item.waitFor({ state: 'visible', timeout: timeoutMs });
    const shown = async () => (await item.getAttribute('aria-selected')) === 'true' && (await p.locator('.part.sidebar').isVisible());
    const deadline = Date.now() + timeoutMs;
    while (!(await shown())) {
      if (Date.now() > deadline) throw new Error(`view container "${title}" did not show`);
      await item.click();
      await p
        .locator('.part.activitybar li.action-item[aria-selected="true"]')
        .filter({ has: p.locator(`a.action-label[aria-label^="${title.replace(/"/g, '\\"')}"]`) })
        .waitFor({ state: 'visible', timeout: 3_000 })
        .catch(() => undefined);
    }
  }

  /** The view pane (in a side bar) whose header title matches `title` (case-insensitive, as VS Code upper-cases it). */
  view(title: string): Locator {
    return this.page
      .locator('.pane')
      .filter({ has: this.page.locator('.pane-header', { hasText: new RegExp(escapeRegExp(title), 'i') }) })
      .first();
  }

  /** Tree/list rows, optionally inside one view; `.monaco-list-row` elements. */
  treeRowLocator(viewTitle?: string): Locator {
    return (viewTitle ? this.view(viewTitle) : this.page.locator('.part.sidebar, .part.auxiliarybar, .part.panel')).locator('.monaco-list-row');
  }

  /** Labels (aria-label, else text) of the rows now rendered, optionally inside one view. */
  async treeRows(viewTitle?: string): Promise<string[]> {
    const rows = this.treeRowLocator(viewTitle);
    const n = await rows.count();
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const row = rows.nth(i);
      out.push(((await row.getAttribute('aria-label')) ?? (await row.innerText())).trim());
    }
    return out;
  }

  /** Waits for a row whose text contains `label` (or matches the RegExp); returns it. */
  async waitForTreeRow(label: string | RegExp, { view, timeoutMs = 20_000 }: WaitOptions & { view?: string } = {}): Promise<Locator> {
    const row = this.treeRowLocator(view).filter({ hasText: label }).first();
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
    return row;
  }
}
