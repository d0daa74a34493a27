/**
 * Search Container… through the UI: on a container of 25,000 names (listing rows seeded with Swift's ContainerBroker,
 * test/support/listingRows.ts, plus real objects), typed into the search box; the results stream in with the names
 * scanned in the title; picking one reveals it in the tree (its folders expanded, selected) and opens it.
 * Self-contained: it adds a profile through the wizard when the editor has none (and removes it at the end, so a
 * suite expecting a fresh editor still finds one), or uses the profile there is; its data is deleted at the end.
 */
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { editor } from '../editor/session';
import { listingRows } from '../support/listingRows';
import { SwiftFixture, deleteContainers, swiftFixture } from '../support/swiftFixture';
import { formatCount } from '../../src/ui/format';
import { demoAuthUrl } from './fixture';
import { StorageUi, waitUntil } from './ui';

const ROWS = 25_000;
const TARGET = 'reports/2024/quarterly report – Zoë ☁ 0042.txt';
const TARGET_BODY = 'Quarterly report 0042: all good ☁\n';
/** Typed into the box: matches five seeded rows (upper case) and the two real objects under reports/. */
const QUERY = 'report';

function seededNames(): string[] {
  return Array.from({ length: ROWS }, (_, i) => {
    const month = String(1 + (i % 12)).padStart(2, '0');
    return `logs/2024-${month}/${i % 5000 === 7 ? 'REPORT' : 'app'}-${String(i).padStart(5, '0')}.log`;
  });
}

describe('Search Container… through the UI (e2e)', function () {
  let f: SwiftFixture;
  let ui: StorageUi;
  let container: string;
  let seeded: string[] = [];
  let profile: string;
  let addedProfile = false;
  const shot = (name: string) => editor().screenshot(name);

  before(async function () {
    this.timeout(180_000);
    ui = new StorageUi(editor());
    f = await swiftFixture();
    container = `e2e-search-${randomBytes(2).toString('hex')}`;
    await f.swift.createContainer(container);
    seeded = seededNames();
    await listingRows(f.cloud, container, 'add', seeded);
    await f.swift.putObject(container, TARGET, TARGET_BODY, { contentType: 'text/plain' });
    await f.swift.putObject(container, 'reports/2024/notes.txt', 'notes\n', { contentType: 'text/plain' });
    await ui.startFresh({ closeEditors: true });
    ({ profile, added: addedProfile } = await ui.profileOrWizard('Search demo', demoAuthUrl(f.cloud), f.cloud.demo));
    await ui.expand(profile);
    await ui.expand('RegionOne');
    await ui.waitForRow(container);
  });

  after(async function () {
    this.timeout(120_000);
    const page = editor().page;
    await page.keyboard.press('Escape').catch(() => undefined);
    await editor()
      .workbench.runCommand('View: Close All Editors')
      .catch(() => undefined);
    if (addedProfile) await ui.removeProfile(profile);
    if (f) {
      if (seeded.length) await listingRows(f.cloud, container, 'remove', seeded);
      await deleteContainers(f.swift, [container]);
      await f.http.close();
    }
  });

  it('types a substring: results stream with the names scanned; picking one reveals it in the tree and opens it', async function () {
    this.timeout(120_000);
    const { page } = editor();
    await ui.inlineAction(container, 'Search Container…');
    const widget = ui.quickInput;
    await widget.locator('.quick-input-title', { hasText: `Search container "${container}" by substring` }).waitFor({ state: 'visible', timeout: 15_000 });
    const input = widget.locator('.quick-input-box input');
    await input.focus();
    await input.pressSequentially(QUERY);
    // The title counts the names scanned and the matches, while the listing streams and at the end.
    const expected = [...seeded, TARGET, 'reports/2024/notes.txt'].filter((n) => n.toLowerCase().includes(QUERY)).sort();
    const title = widget.locator('.quick-input-title');
    const seen: string[] = [];
    const done = await waitUntil(
      'the search to finish',
      async () => {
        const text = (await title.innerText()).trim();
        if (seen[seen.length - 1] !== text) seen.push(text);
        return text;
      },
      (t) => / · done$/.test(t),
      { timeoutMs: 60_000 },
    );
    console.log(`      titles seen while the search ran: ${seen.length}`);
    assert.equal(done, `Search container "${container}" by substring · scanned ${formatCount(ROWS + 2)} · ${expected.length} matches · done`);
    assert.ok(
      seen.every((t) => /^Search container "[^"]+" by substring( · scanned [\d,]+( of [\d,]+ \(\d+ %\))? · \d+ match(es)?( · done)?)?$/.test(t)),
      JSON.stringify(seen),
    );
    const labels = await waitUntil(
      'every result to be listed',
      async () => (await widget.locator('.quick-input-list .monaco-list-row .label-name').allInnerTexts()).map((t) => t.trim()).sort(),
      (l) => l.length === expected.length,
    );
    assert.deepEqual(labels, expected);
    assert.equal(expected.length, 7);
    await shot('search-1-results-with-scanned-count');

    await ui.pick(`Search container "${container}"`, TARGET);
    await widget.waitFor({ state: 'hidden', timeout: 10_000 });
    // Revealed: the folders are expanded and the object's row is selected.
    await ui.waitForChildren('reports', ['2024']);
    await ui.waitForChildren('2024', ['notes.txt', 'quarterly report – Zoë ☁ 0042.txt']);
    const row = ui.row('quarterly report – Zoë ☁ 0042.txt');
    await waitUntil(
      'the revealed row to be selected',
      () => row.getAttribute('aria-selected'),
      (v) => v === 'true',
    );
    // And opened, read-only.
    await ui.waitForTab('quarterly report – Zoë ☁ 0042.txt');
    const text = async () => (await ui.activeEditor.locator('.view-lines').innerText()).replace(/\u00a0/g, ' '); // the editor renders spaces as NBSP
    await waitUntil('the object text in the editor', text, (t) => t.includes('Quarterly report 0042: all good'));
    await shot('search-2-revealed-and-opened');
    assert.deepEqual(await ui.errorToasts(), [], 'no error');
    await page.keyboard.press('Escape');
  });
});
