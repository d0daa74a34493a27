/**
 * The full listing's backward pages beyond the memory budget (heldPages.ts): written to a temporary file and read
 * back at their turn. Exactness across the budget (the entries, not only the names), the file removed (no handle
 * left open on it, nothing left in its folder) after success, cancel, a consumer's break and a failing page, and a
 * failed write that stops the backward cursor while the listing stays exact. Linux: the open handles are read from
 * /proc/self/fd (the file itself is unlinked as soon as it is made).
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isOpenStackError } from '../../../../src/openstack/errors';
import { FetchRange } from '../../../../src/openstack/swift/fullListing';
import { DEFAULT_HELD_ENTRIES, HeldPages } from '../../../../src/openstack/swift/heldPages';
import { ObjectEntry, parseListingText } from '../../../../src/openstack/swift/listing';
import { isNameOnly, nameOnly } from '../../../../src/openstack/swift/listingNames';
import { watchFiles } from './pacedRgw';
import { ALPHABET, byteOrder, object, oneGap, pythonJson, randomNames, rng, scriptedFetch } from './scriptedListing';

/** The handles this process has open on files in `dir` (deleted or not), as fd numbers. */
function openIn(dir: string): string[] {
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).startsWith(`${dir}/`);
    } catch {
      return false; // closed meanwhile (the fd of readdir itself)
    }
  });
}

async function entriesOf(pages: AsyncIterable<ObjectEntry[]>, onPage?: () => void): Promise<ObjectEntry[]> {
  const out: ObjectEntry[] = [];
  for await (const page of pages) {
    out.push(...page);
    onPage?.();
  }
  return out;
}

/** What the fetch gives for these names: the text's entries (fromText) or plain ones. */
const expectedEntries = (names: string[], fromText: boolean): ObjectEntry[] =>
  fromText ? (parseListingText(pythonJson(names)) as ObjectEntry[]) : names.map(object);

describe('swift/listing: the backward pages beyond the memory budget go to a temporary file', function () {
  // Hundreds of listings with file writes each (~2 s idle): room for a loaded 2-core machine.
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'oss-held-'))));
  afterEach(() => {
    assert.deepEqual(openIn(dir), [], 'no handle left open on the file');
    assert.deepEqual(readdirSync(dir), [], 'nothing left in the folder');
    rmSync(dir, { recursive: true, force: true });
  });

  it('is exact for every size around the budget (two pages), from the text and from the entries, and spills', async () => {
    let spilled = 0;
    for (const limit of [1, 2, 3, 5]) {
      for (let size = 0; size <= 8 * limit + 1; size++) {
        for (const fromText of [true, false]) {
          const random = rng(size * 37 + limit);
          const sorted = randomNames(random, size);
          const s = scriptedFetch(sorted, random, fromText ? pythonJson : undefined, fromText);
          let sawFile = false;
          try {
            const spill = { heldEntries: 2 * limit, dir };
            const entries = await entriesOf(oneGap(s.fetch, { limit, backward: true, spill }), () => (sawFile ||= openIn(dir).length > 0));
            assert.deepEqual(entries, expectedEntries(sorted, fromText), `limit ${limit}, ${size} names, from text ${fromText}`);
          } finally {
            s.stop();
          }
          if (sawFile) spilled++;
          assert.deepEqual(openIn(dir), [], `limit ${limit}, ${size} names: the file is closed when the listing ends`);
        }
      }
    }
    assert.ok(spilled > 40, `the listings went past the budget and wrote pages to the file (${spilled})`);
  });

  it('is exact under random arrival orders, bounds, prefixes and budgets', async () => {
    for (let seed = 1; seed <= 200; seed++) {
      const random = rng(seed * 101);
      const sorted = randomNames(random, Math.floor(random() * 150));
      const limit = 1 + Math.floor(random() * 12);
      const after = random() < 0.3 && sorted.length ? sorted[Math.floor(random() * sorted.length)] : undefined;
      const before = random() < 0.3 && sorted.length ? sorted[Math.floor(random() * sorted.length)] : undefined;
      const prefix = random() < 0.2 ? ALPHABET[Math.floor(random() * ALPHABET.length)] : undefined;
      const heldEntries = Math.floor(random() * 3 * limit);
      const fromText = random() < 0.5;
      const expected = sorted.filter(
        (n) => (!prefix || n.startsWith(prefix)) && (after === undefined || byteOrder(n, after) > 0) && (before === undefined || byteOrder(n, before) < 0),
      );
      const s = scriptedFetch(sorted, random, fromText ? pythonJson : undefined, fromText);
      const what = `seed ${seed}: ${JSON.stringify({ limit, after, before, prefix, heldEntries, fromText })}`;
      try {
        const entries = await entriesOf(oneGap(s.fetch, { limit, backward: true, after, before, prefix, spill: { heldEntries, dir } }));
        assert.deepEqual(entries, expectedEntries(expected, fromText), what);
      } finally {
        s.stop();
      }
    }
  });

  it("writes a page's text as the server sent it, and its entries once the fetch has amended them", async () => {
    const sorted = randomNames(rng(3), 60);
    // Unamended: the file holds Swift's own text (its microseconds are in no serialisation of the entries).
    let s = scriptedFetch(sorted, rng(3), pythonJson, true);
    let fileText = '';
    try {
      const pages = oneGap(s.fetch, { limit: 5, backward: true, spill: { heldEntries: 5, dir } });
      const entries = await entriesOf(pages, () => {
        for (const fd of openIn(dir)) fileText ||= readFileSync(`/proc/self/fd/${fd}`, 'utf8');
      });
      assert.deepEqual(entries, expectedEntries(sorted, true));
    } finally {
      s.stop();
    }
    assert.match(fileText, /^\[\{"bytes": 1, "hash": "h", "name": .*"last_modified": "2024-05-01T10:20:30\.123456"\}\]/);
    // Amended (as SwiftClient does with a size read by a HEAD): what comes back is the amended entries. This fetch
    // parses every page in full (it may: `wanted` only allows names alone), so the held backward pages are entries.
    s = scriptedFetch(sorted, rng(3), pythonJson, true);
    const amending: FetchRange = (q) =>
      s.fetch({ ...q, wanted: undefined }).then((entries) => {
        for (const e of entries) e.bytes = 1000 + e.name.length;
        if (entries.length) q.onAmended?.();
        return entries;
      });
    try {
      const entries = await entriesOf(oneGap(amending, { limit: 5, backward: true, spill: { heldEntries: 5, dir } }));
      assert.deepEqual(
        entries,
        expectedEntries(sorted, true).map((e) => ({ ...e, bytes: 1000 + e.name.length })),
      );
    } finally {
      s.stop();
    }
  });

  it('removes the file when the listing is cancelled at any page, read back or not, or the consumer stops', async () => {
    const sorted = randomNames(rng(9), 80);
    let cancelledWithFile = 0;
    let stoppedWithFile = 0;
    // Pages yielded: 16 forward and backward ones at most (limit 5); past the last page there is nothing to stop.
    for (let k = 1; k <= 16; k++) {
      for (const how of ['cancel', 'break'] as const) {
        const s = scriptedFetch(sorted, rng(9), pythonJson, true);
        const controller = new AbortController();
        let seen = 0;
        let fileOpen = false;
        let outcome: unknown;
        try {
          const listing = oneGap(s.fetch, { limit: 5, backward: true, signal: controller.signal, spill: { heldEntries: 5, dir } });
          outcome = await (async () => {
            for await (const page of listing) {
              assert.ok(page.length);
              assert.ok(!controller.signal.aborted, 'no page after the cancel');
              if (++seen < k) continue;
              fileOpen = openIn(dir).length > 0;
              if (how === 'break') break;
              controller.abort();
            }
          })().then(
            () => 'ended',
            (e: unknown) => e,
          );
        } finally {
          s.stop();
        }
        if (how === 'break' || outcome === 'ended') assert.equal(outcome, 'ended', `${how} after page ${k}`);
        else assert.ok(isOpenStackError(outcome, 'cancelled'), `cancelled after page ${k}: ${String(outcome)}`);
        if (fileOpen && seen === k) {
          if (how === 'cancel' && outcome !== 'ended') cancelledWithFile++;
          if (how === 'break') stoppedWithFile++;
        }
        assert.deepEqual(openIn(dir), [], `${how} after page ${k}: the file is closed`);
      }
    }
    assert.ok(cancelledWithFile > 3 && stoppedWithFile > 3, `cancelled (${cancelledWithFile}) and stopped (${stoppedWithFile}) while pages were in the file`);
  });

  it('removes the file when a page fails after pages were written', async () => {
    const sorted = randomNames(rng(4), 200);
    const s = scriptedFetch(sorted, rng(4), pythonJson, true);
    // The first backward request sent once a page is in the file fails. The forward side waits for it (else, on a
    // busy machine, it could read everything while the first write is under way: the back-pressure).
    let fail: () => void = () => undefined;
    const failed = new Promise<void>((resolve) => (fail = resolve));
    let forward = 0;
    const failing: FetchRange = (q) => {
      if (q.reverse && openIn(dir).length > 0) {
        fail();
        return Promise.reject(new Error('page failed'));
      }
      if (!q.reverse && ++forward > 1) return failed.then(() => (q.signal.aborted ? Promise.reject(new Error('aborted')) : s.fetch(q)));
      return s.fetch(q);
    };
    try {
      await assert.rejects(entriesOf(oneGap(failing, { limit: 5, backward: true, spill: { heldEntries: 5, dir } })), /page failed/);
    } finally {
      s.stop();
    }
  });

  it('stays exact when the file cannot be written: the backward cursor stops and the forward one reads on', async () => {
    for (const fromText of [true, false]) {
      const sorted = randomNames(rng(12), 200);
      const s = scriptedFetch(sorted, rng(12), fromText ? pythonJson : undefined, fromText);
      try {
        const spill = { heldEntries: 10, dir: join(dir, 'missing') };
        assert.deepEqual(await entriesOf(oneGap(s.fetch, { limit: 5, backward: true, spill })), expectedEntries(sorted, fromText));
      } finally {
        s.stop();
      }
      // Two pages in memory, the third fails to be written, and at most the requests already in flight follow.
      const backward = s.queries.filter((q) => q.reverse).length;
      assert.ok(backward >= 3 && backward <= 5, `backward requests: ${backward} (of the 20 it would read by itself)`);
    }
  });

  describe('HeldPages', () => {
    const page = (...names: string[]) => names.map(object);
    const namesOf = async (held: HeldPages) => {
      const out: string[][] = [];
      for await (const p of held.reversed()) out.push(p.map((e) => e.name));
      return out;
    };

    it('gives the pages back last first, each reversed, from memory and from the file alike', async () => {
      const held = new HeldPages({ heldEntries: 3, dir });
      held.add(page('f', 'e', 'd'));
      held.add(page('c', 'b'), pythonJson(['c', 'b']));
      held.add(page('a'));
      try {
        assert.deepEqual(await namesOf(held), [['a'], ['b', 'c'], ['d', 'e', 'f']]);
        assert.equal(held.failed, false);
      } finally {
        await held.close();
      }
    });

    it('keeps the pages whose write failed, and the later ones, in memory; those written are read back (entries or text)', async () => {
      const keepers = [
        (held: HeldPages, name: string) => held.add(page(name), pythonJson([name])),
        // A page read for its names: its text holds one name more than the page (cut at its range's end).
        (held: HeldPages, name: string) => held.addText(pythonJson([name, `${name}!`]), 1, name),
      ];
      for (const keep of keepers) {
        let writes = 0;
        const held = new HeldPages({ heldEntries: 1, dir }, async (path, flags, mode) => {
          const handle = await fs.open(path, flags, mode);
          return new Proxy(handle, {
            get(target, key) {
              if (key === 'write' && ++writes === 2) return () => Promise.reject(new Error('ENOSPC: no space left on device'));
              const value = Reflect.get(target, key) as unknown;
              return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
            },
          });
        });
        for (const name of ['e', 'd', 'c', 'b', 'a']) keep(held, name);
        try {
          assert.deepEqual(await namesOf(held), [['a'], ['b'], ['c'], ['d'], ['e']]);
          assert.equal(held.failed, true);
          assert.equal(writes, 2, 'no write after the failed one');
        } finally {
          await held.close();
        }
      }
    });

    it('holds a page read for its names as its text, in memory or in the file; parses, cuts and completes it when yielded', async () => {
      const completed: string[][] = [];
      const complete = async (entries: ObjectEntry[]) => {
        completed.push(entries.map((e) => e.name));
        return entries.map((e) => ({ ...e, contentType: `completed ${e.name}` }));
      };
      const files: string[] = [];
      const held = new HeldPages({ heldEntries: 3, dir }, async (path, flags, mode) => (files.push(path), fs.open(path, flags, mode)), { complete });
      // Three names in memory: the first page (two of its three: cut at its range's end) and one more; then the file.
      held.addText(pythonJson(['a', 'b', 'c']), 2, 'b');
      held.addText(pythonJson(['d']), 1, 'd');
      held.addText(pythonJson(['e', 'f', 'g']), 3, 'g');
      held.addText(pythonJson(['h\u00e9 "q"', 'i']), 1, 'h\u00e9 "q"');
      try {
        await held.written();
        assert.equal(files.length, 1, 'the pages beyond the budget went to the file');
        const pages: ObjectEntry[][] = [];
        for await (const p of held.inOrder()) pages.push(p);
        assert.deepEqual(
          pages.map((p) => p.map((e) => e.name)),
          [['a', 'b'], ['d'], ['e', 'f', 'g'], ['h\u00e9 "q"']],
        );
        assert.deepEqual(completed, [['a', 'b'], ['d'], ['e', 'f', 'g'], ['h\u00e9 "q"']], 'each page completed once, as cut');
        assert.equal(pages[2][1].contentType, 'completed f', 'what complete gave is what is yielded');
        assert.equal(pages[0][0].bytes, (parseListingText(pythonJson(['a'])) as ObjectEntry[])[0].bytes, 'parsed in full');
      } finally {
        await held.close();
      }
    });

    it('for a listing of names, holds a page as its names: in memory, or in the file as a JSON array of them; yields name-only entries', async () => {
      const odd = ['a', 'b "q" \\', 'line\nbreak', '{"name": "x"}', 'd\u00e9 \u2601', '\ud83d\ude00 100% #?'];
      for (const heldEntries of [0, 3, 10]) {
        const files = watchFiles();
        const written = files.writes;
        const held = new HeldPages({ heldEntries, dir }, undefined, { namesOnly: true });
        held.add(odd.slice(0, 3).map(nameOnly));
        held.add(odd.slice(3).map(nameOnly));
        try {
          await held.written();
          const entries = await entriesOf(held.inOrder());
          assert.deepEqual(
            entries.map((e) => [e.name, isNameOnly(e)]),
            odd.map((name) => [name, true]),
            `budget ${heldEntries}`,
          );
          // Beyond the budget a page is written as its names alone: no size, hash, date or type.
          const expected = [[odd.slice(0, 3), odd.slice(3)], [odd.slice(3)], []][[0, 3, 10].indexOf(heldEntries)];
          assert.deepEqual(
            written.map((w) => JSON.parse(w) as unknown),
            expected,
            `budget ${heldEntries}: ${written.join(' | ')}`,
          );
        } finally {
          files.restore();
          await held.close();
        }
      }
    });

    it('refuses a page whose text, parsed whole, does not hold the names read from it', async () => {
      for (const [text, count, last] of [
        [pythonJson(['a']), 2, 'b'],
        [pythonJson(['a']), 1, 'z'],
        ['[]', 1, 'a'],
      ] as const) {
        const held = new HeldPages({ heldEntries: 10, dir });
        held.addText(text, count, last);
        try {
          await assert.rejects(entriesOf(held.inOrder()), (e: unknown) => {
            assert.ok(isOpenStackError(e, 'badResponse'), String(e));
            assert.match((e as Error).message, /unexpected full listing: (1 names where \d were read, the last "a"|0 names where 1 were read, the last "")$/);
            return true;
          });
        } finally {
          await held.close();
        }
      }
    });

    it('says "cancelled" when the listing was cancelled before a held page is handed over, in either order', async () => {
      const cancelledAlready = AbortSignal.abort();
      for (const read of [(h: HeldPages) => h.inOrder(cancelledAlready), (h: HeldPages) => h.reversed(cancelledAlready)]) {
        const held = new HeldPages({ heldEntries: 10, dir });
        held.add(page('a'));
        held.addText(pythonJson(['b']), 1, 'b');
        try {
          await assert.rejects(entriesOf(read(held)), (e: unknown) => isOpenStackError(e, 'cancelled'));
        } finally {
          await held.close();
        }
      }
    });

    it('refuses a budget that is not a whole number, and defaults to two pages of 10,000', () => {
      for (const heldEntries of [-1, 1.5, Number.NaN]) {
        assert.throws(
          () => new HeldPages({ heldEntries }),
          (e) => isOpenStackError(e, 'invalidInput') && /whole number/.test((e as Error).message),
        );
      }
      assert.equal(DEFAULT_HELD_ENTRIES, 20_000);
    });
  });
});
