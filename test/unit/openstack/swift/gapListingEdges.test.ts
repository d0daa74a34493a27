/**
 * The gap listing's edges (gapListing.ts), each with an exact expectation: the requests sent (side, marker, end marker,
 * size) and the pages handed over (with how many requests had gone out by then) when a Swift-like server answers in a
 * fixed order: the gap between the two ends split at a guessed name, a guess with no name after it, a guess that is a
 * name, a part one cursor reads whole, the last gap's pages sized from the count, a wrong count, early requests,
 * arrival order, pages that cannot be written, cancels and errors. The property tests
 * (gapListing.test.ts) check that listings stay exact in random orders; these check what they do not see.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isOpenStackError, OpenStackError } from '../../../../src/openstack/errors';
import type { RangeQuery } from '../../../../src/openstack/swift/fullListing';
import type { ObjectEntry } from '../../../../src/openstack/swift/listing';
import { isNameOnly } from '../../../../src/openstack/swift/listingNames';
import { listGaps, type GapOptions } from '../../../../src/openstack/swift/gapListing';
import { nameBetween } from '../../../../src/openstack/swift/splitPoints';
import { type Paced, pacedRgw, pagesOf, watchFiles, writtenForm } from './pacedRgw';
import { pythonJson } from './scriptedListing';

/** Names `n00`, `n01`, … (or with another prefix and width). */
const numbered = (n: number, prefix = 'n', width = 2) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(width, '0')}`);

/** Lists `sorted` from a paced Swift (pages of 5, two gaps, backward allowed); its requests, and its pages with how many requests had gone out. */
async function run(sorted: string[], options: Partial<GapOptions> = {}, paced: Paced = {}) {
  const server = pacedRgw(sorted, { honoursReverse: true, ...paced });
  try {
    const sent = { log: server.log, counts: [] as number[] };
    const gaps = listGaps(server.fetch, { limit: 5, gaps: 2, backward: Promise.resolve(true), shortPagesEnd: true, ...options });
    const pages = await pagesOf(gaps, sent);
    return { log: server.log, pages: pages.map((p, i) => `${sent.counts[i]}: ${p}`), server };
  } finally {
    server.stop();
  }
}

/** The requests of a listing of n00–n59 with its count: the gap between the two ends split at a guess (the first test). */
const SPLIT_AT_GUESS = [
  '- - 5',
  '- - 5 reverse',
  'n04 - 5',
  'n55 n04 5 reverse',
  'n2\u{10ffff}\u{10ffff}\u0001 n04 5 reverse',
  'n2\u{10ffff}\u{10ffff} n55 5',
  'n09 n2\u{10ffff}\u{10ffff}\u0001 5',
  'n50 n2\u{10ffff}\u{10ffff} 5 reverse',
  'n25 n09 5 reverse',
  'n34 n50 5',
  'n14 n25 5',
  'n45 n34 5 reverse',
  'n20 n14 5 reverse',
  'n39 n45 5',
  'n19 n20 5',
  'n40 n39 5 reverse',
];

/** The pages of n00–n59 past the first gap in SPLIT_AT_GUESS, handed over at once once it closed (after 16 requests). */
const PAST_THE_FIRST_GAP = Array.from(
  { length: 8 },
  (_, k) =>
    `16: ${numbered(60)
      .slice(20 + 5 * k, 25 + 5 * k)
      .join(',')}`,
);

describe('swift/gapListing: edges with exact expectations', function () {
  it('splits the gap between the two ends at a name guessed halfway, at once, then reads each part from both ends', async () => {
    // Pages n00–n04 and n55–n59 read, 40 names left (≥ MIN_PAGES_TO_SPLIT pages): the gap is split at a name halfway
    // between n04 and n55 (n2 and two U+10FFFF, no name here), with no request before: the left part (n04, just past
    // it) gets a backward cursor from just past the guess (the guess and U+0001: the names up to the guess), the right
    // part a forward one after it. Pages in flight when the split came are cut at the guess. The pages come out in
    // server order, what lies past the first gap held until its turn.
    const r = await run(numbered(60), { count: Promise.resolve(60) });
    assert.deepEqual(r.log, SPLIT_AT_GUESS);
    assert.deepEqual(r.pages, [
      '2: n00,n01,n02,n03,n04',
      '6: n05,n06,n07,n08,n09',
      '10: n10,n11,n12,n13,n14',
      '14: n15,n16,n17,n18,n19',
      ...PAST_THE_FIRST_GAP,
    ]);
    assert.equal(r.server.most(), 4, 'four pages in flight');
  });

  it('without a count, splits once each cursor has read two pages (a gap too, whose cursors are about to meet)', async () => {
    // The last split falls in (n39, n40), which holds no name: without a count nothing says so before its two pages.
    const r = await run(numbered(60));
    assert.deepEqual(r.log, [
      '- - 5',
      '- - 5 reverse',
      'n04 - 5',
      'n55 n04 5 reverse',
      'n09 n55 5',
      'n50 n09 5 reverse',
      'n2\u{10ffff}\u{10ffff}\u0001 n09 5 reverse',
      'n2\u{10ffff}\u{10ffff} n50 5',
      'n14 n2\u{10ffff}\u{10ffff}\u0001 5',
      'n45 n2\u{10ffff}\u{10ffff} 5 reverse',
      'n25 n14 5 reverse',
      'n34 n45 5',
      'n19 n25 5',
      'n40 n34 5 reverse',
      'n20 n19 5 reverse',
      'n39 n40 5',
      'n3\u{10ffff}\u{10ffff}\u0001 n39 5 reverse',
      'n3\u{10ffff}\u{10ffff} n40 5',
    ]);
    assert.deepEqual(r.pages, [
      '2: n00,n01,n02,n03,n04',
      '4: n05,n06,n07,n08,n09',
      '8: n10,n11,n12,n13,n14',
      '12: n15,n16,n17,n18,n19',
      '16: n20,n21,n22,n23,n24',
      '16: n25,n26,n27,n28,n29',
      '16: n30,n31,n32,n33,n34',
      '16: n35,n36,n37,n38,n39',
      '18: n40,n41,n42,n43,n44',
      '18: n45,n46,n47,n48,n49',
      '18: n50,n51,n52,n53,n54',
      '18: n55,n56,n57,n58,n59',
    ]);
  });

  it("a guess with no name after it before the gap's end: the right part ends at its first page, the left one is split lower", async () => {
    // 100 names a000–a099 and five y00–y04: halfway between a004 and y00 is m00, with nothing after it before y00. The
    // right part (m00, y00) closes with its first page (empty) or its backward cursor's (cut at m00), the left part
    // (a004, just past m00) reads from both ends and is split again, between a009 and a095.
    const r = await run([...numbered(100, 'a', 3), ...numbered(5, 'y')], { count: Promise.resolve(105) });
    assert.deepEqual(r.log.slice(0, 12), [
      '- - 5',
      '- - 5 reverse',
      'a004 - 5',
      'y00 a004 5 reverse',
      'm00\u0001 a004 5 reverse',
      'm00 y00 5',
      'a009 m00\u0001 5',
      'a095 a009 5 reverse',
      'a04\u{10ffff}\u{10ffff}\u0001 a009 5 reverse',
      'a04\u{10ffff}\u{10ffff} a095 5',
      'a014 a04\u{10ffff}\u{10ffff}\u0001 5',
      'a090 a04\u{10ffff}\u{10ffff} 5 reverse',
    ]);
    // From there the order depends on the disk: the part still holding y00–y04 makes a later part the fourth, held in
    // the file from its first page (the memory budget is shared by three), and a cursor waits for its part's writes.
    assert.deepEqual(
      r.pages
        .map((p) => p.replace(/^\d+: /, ''))
        .join(',')
        .split(','),
      [...numbered(100, 'a', 3), ...numbered(5, 'y')],
    );
  });

  it('a right part whose backward cursor reads down past the guess before its forward page comes: it ends there, nothing taken twice', async () => {
    // Backward pages above n30 answered first: the right part's backward cursor reads n54 down to n30, its next page
    // (below n30, above the guess) is empty and ends the part; its forward request, never answered, is cancelled.
    const backwardFirst = (pending: readonly RangeQuery[]) =>
      Math.max(
        0,
        pending.findIndex((q) => q.reverse && q.marker !== undefined && q.marker > 'n30' && !q.marker.endsWith('\u0001')),
      );
    const r = await run(numbered(60), { count: Promise.resolve(60) }, { pick: backwardFirst });
    assert.deepEqual(r.log, [
      '- - 5',
      '- - 5 reverse',
      'n04 - 5',
      'n55 n04 5 reverse',
      'n2\u{10ffff}\u{10ffff}\u0001 n04 5 reverse',
      'n2\u{10ffff}\u{10ffff} n55 5',
      'n50 n2\u{10ffff}\u{10ffff} 5 reverse',
      'n45 n2\u{10ffff}\u{10ffff} 5 reverse',
      'n40 n2\u{10ffff}\u{10ffff} 5 reverse',
      'n35 n2\u{10ffff}\u{10ffff} 5 reverse',
      'n30 n2\u{10ffff}\u{10ffff} 5 reverse',
      'n09 n2\u{10ffff}\u{10ffff}\u0001 5',
      'n25 n09 5 reverse',
      'n14 n25 5',
      'n19 n20 5',
    ]);
    assert.deepEqual(r.pages, [
      '2: n00,n01,n02,n03,n04',
      '11: n05,n06,n07,n08,n09',
      '13: n10,n11,n12,n13,n14',
      '14: n15,n16,n17,n18,n19',
      '15: n20,n21,n22,n23,n24',
      '15: n25,n26,n27,n28,n29',
      '15: n30,n31,n32,n33,n34',
      '15: n35,n36,n37,n38,n39',
      '15: n40,n41,n42,n43,n44',
      '15: n45,n46,n47,n48,n49',
      '15: n50,n51,n52,n53,n54',
      '15: n55,n56,n57,n58,n59',
    ]);
    assert.equal(r.server.aborted(), 1);
  });

  it('one gap: the last pages ask for their share of what the count says is left; a count too low reads on', async () => {
    const r = await run(numbered(23), { gaps: 1, count: Promise.resolve(23) });
    assert.deepEqual(r.log, ['- - 5', '- - 5 reverse', 'n04 - 5', 'n18 n04 5 reverse', 'n09 n18 4']);
    assert.deepEqual(r.pages, ['2: n00,n01,n02,n03,n04', '4: n05,n06,n07,n08,n09', '5: n10,n11,n12', '5: n13,n14,n15,n16,n17', '5: n18,n19,n20,n21,n22']);
    // The count says 10: after the first two pages nothing is left, so the forward cursor reads on alone to the end.
    const low = await run(numbered(23), { gaps: 1, count: Promise.resolve(10) });
    assert.deepEqual(low.log, ['- - 5', '- - 5 reverse', 'n04 n18 5', 'n09 n18 5', 'n14 n18 5']);
    assert.deepEqual(low.pages, ['2: n00,n01,n02,n03,n04', '3: n05,n06,n07,n08,n09', '4: n10,n11,n12,n13,n14', '5: n15,n16,n17', '5: n18,n19,n20,n21,n22']);
  });

  it("sends a cursor's next page from its text, before the page is parsed (none after a page that reaches the other end)", async () => {
    const r = await run(numbered(60), { count: Promise.resolve(60) }, { text: true });
    // The same requests as without text, each sent a little sooner. The backward page whose text says it reaches
    // past n19 (the forward cursor read to n19 meanwhile) closes its gap: nothing is sent after it (before: an early
    // request 'n15 n19 5 reverse', an inverted range, sent and cancelled, and the last pages handed over a step later).
    assert.deepEqual(r.log, SPLIT_AT_GUESS);
    assert.deepEqual(r.pages, [
      '3: n00,n01,n02,n03,n04',
      '7: n05,n06,n07,n08,n09',
      '11: n10,n11,n12,n13,n14',
      '15: n15,n16,n17,n18,n19',
      ...PAST_THE_FIRST_GAP,
    ]);
  });

  it('sends nothing after a page whose last name is the other end itself (the two pages met on a name)', async () => {
    // Five names, pages of 3: the forward page reads n00–n02, the backward one n04–n02; once the forward page is in,
    // the backward page's text ends at the gap's lower end (n02): nothing is left between them, no request goes.
    const r = await run(numbered(5), { limit: 3, gaps: 1, count: Promise.resolve(5) }, { text: true });
    assert.deepEqual(r.log, ['- - 3', '- - 3 reverse']);
    assert.deepEqual(r.pages, ['2: n00,n01,n02', '2: n03,n04']);
  });

  it('in arrival order hands over every page as it comes', async () => {
    const r = await run(numbered(60), { count: Promise.resolve(60), order: 'arrival' });
    assert.deepEqual(r.log, SPLIT_AT_GUESS); // the same requests as in server order
    assert.deepEqual(r.pages, [
      '3: n00,n01,n02,n03,n04',
      '6: n59,n58,n57,n56,n55',
      '7: n05,n06,n07,n08,n09',
      '8: n54,n53,n52,n51,n50',
      '9: n29,n28,n27,n26,n25',
      '10: n30,n31,n32,n33,n34',
      '11: n10,n11,n12,n13,n14',
      '12: n49,n48,n47,n46,n45',
      '13: n24,n23,n22,n21,n20',
      '14: n35,n36,n37,n38,n39',
      '15: n15,n16,n17,n18,n19',
      '16: n44,n43,n42,n41,n40',
    ]);
  });

  it('a guess that is a name: listed once, in the left part; names just past it (U+0001 after it) in the right one', async () => {
    // The same split as the first test's, at n2 and two U+10FFFF, with that name and two just past it among the names.
    const guess = 'n2\u{10ffff}\u{10ffff}';
    const names = [...numbered(30), guess, `${guess}\u0001`, `${guess}\u0001x`, ...numbered(30).map((n) => `n${Number(n.slice(1)) + 30}`)];
    const r = await run(names, { count: Promise.resolve(63) });
    assert.deepEqual(r.log.slice(4, 6), [`${guess}\u0001 n04 5 reverse`, `${guess} n55 5`]);
    assert.deepEqual(r.pages, [
      '2: n00,n01,n02,n03,n04',
      '6: n05,n06,n07,n08,n09',
      '10: n10,n11,n12,n13,n14',
      '14: n15,n16,n17,n18,n19',
      '16: n20',
      '16: n21,n22,n23,n24,n25',
      '16: n26,n27,n28,n29,n2\u{10ffff}\u{10ffff}',
      '16: n2\u{10ffff}\u{10ffff}\u0001,n2\u{10ffff}\u{10ffff}\u0001x,n30,n31,n32',
      '16: n33,n34,n35,n36,n37',
      '16: n38,n39',
      '16: n40,n41,n42,n43,n44',
      '16: n45,n46,n47,n48,n49',
      '16: n50,n51,n52,n53,n54',
      '16: n55,n56,n57,n58,n59',
    ]);
  });

  it('a first gap that closes early hands over what lies past it while the next gap reads on, its pages then as they come', async () => {
    // a00–a09 and m00–m49: the split falls at g24, so the first gap (a04, just past g24) closes after one more page;
    // the next gap's first pages were held until then, its later ones go out as they come.
    const r = await run([...numbered(10, 'a'), ...numbered(50, 'm')], { count: Promise.resolve(60) });
    assert.deepEqual(r.log, [
      '- - 5',
      '- - 5 reverse',
      'a04 - 5',
      'm45 a04 5 reverse',
      'g24\u0001 a04 5 reverse',
      'g24 m45 5',
      'a09 g24\u0001 5',
      'm40 g24 5 reverse',
      'm04 m40 5',
      'm35 m04 5 reverse',
      'm09 m35 5',
      'm30 m09 5 reverse',
      'm14 m30 5',
      'm25 m14 5 reverse',
      'm19 m20 5',
    ]);
    assert.deepEqual(r.pages, [
      '2: a00,a01,a02,a03,a04',
      '6: a05,a06,a07,a08,a09',
      '8: m00,m01,m02,m03,m04',
      '10: m05,m06,m07,m08,m09',
      '12: m10,m11,m12,m13,m14',
      '14: m15,m16,m17,m18,m19',
      '15: m20,m21,m22,m23,m24',
      '15: m25,m26,m27,m28,m29',
      '15: m30,m31,m32,m33,m34',
      '15: m35,m36,m37,m38,m39',
      '15: m40,m41,m42,m43,m44',
      '15: m45,m46,m47,m48,m49',
    ]);
  });

  it('three gaps: each split in the widest gap left', async () => {
    const r = await run([...numbered(10, 'a'), ...numbered(100, 'm', 3)], { gaps: 3, count: Promise.resolve(110) });
    assert.deepEqual(r.log, [
      '- - 5',
      '- - 5 reverse',
      'a04 - 5',
      'm095 a04 5 reverse',
      'g06\u0001 a04 5 reverse',
      'g06 m095 5',
      'a09 g06\u0001 5',
      'm090 g06 5 reverse',
      'm004 m090 5',
      'm04\u{100000}\u0001 m004 5 reverse',
      'm04\u{100000} m090 5',
      'm085 m04\u{100000} 5 reverse',
      'm009 m04\u{100000}\u0001 5',
      'm045 m009 5 reverse',
      'm027\u0001 m009 5 reverse',
      'm027 m045 5',
      'm054 m085 5',
      'm080 m054 5 reverse',
      'm014 m027\u0001 5',
      'm040 m027 5 reverse',
      'm023 m014 5 reverse',
      'm032 m040 5',
      'm059 m080 5',
      'm075 m059 5 reverse',
      'm019 m023 5',
      'm035 m032 5 reverse',
      'm064 m075 5',
      'm069 m070 5',
    ]);
    assert.deepEqual(r.pages, [
      '2: a00,a01,a02,a03,a04',
      '6: a05,a06,a07,a08,a09',
      '8: m000,m001,m002,m003,m004',
      '12: m005,m006,m007,m008,m009',
      '18: m010,m011,m012,m013,m014',
      '24: m015,m016,m017,m018,m019',
      '26: m020,m021,m022',
      '26: m023,m024,m025,m026,m027',
      '26: m028,m029,m030,m031,m032',
      '26: m033,m034',
      '26: m035,m036,m037,m038,m039',
      '26: m040,m041,m042,m043,m044',
      '26: m045,m046,m047,m048,m049',
      '26: m050,m051,m052,m053,m054',
      '26: m055,m056,m057,m058,m059',
      '26: m060,m061,m062,m063,m064',
      '27: m065,m066,m067,m068,m069',
      '28: m070,m071,m072,m073,m074',
      '28: m075,m076,m077,m078,m079',
      '28: m080,m081,m082,m083,m084',
      '28: m085,m086,m087,m088,m089',
      '28: m090,m091,m092,m093,m094',
      '28: m095,m096,m097,m098,m099',
    ]);
  });

  it('a short page ends a side only where the server fills pages (said, or promised); elsewhere an empty one does', async () => {
    const short = (shortPagesEnd: GapOptions['shortPagesEnd']) => run(numbered(7), { backward: Promise.resolve(false), shortPagesEnd });
    assert.deepEqual((await short(true)).log, ['- - 5', 'n04 - 5']);
    assert.deepEqual((await short(Promise.resolve(true))).log, ['- - 5', 'n04 - 5']);
    // Each made when used: a rejection made ahead would be reported as unhandled meanwhile. A promise not yet
    // settled (the last) counts as no.
    for (const no of [
      () => false,
      () => Promise.resolve(false),
      () => Promise.reject(new Error('no /info')),
      () => new Promise<boolean>((r) => setTimeout(() => r(true), 200)),
    ]) {
      const r = await short(no());
      assert.deepEqual(r.log, ['- - 5', 'n04 - 5', 'n06 - 5']);
      assert.deepEqual(r.pages, ['1: n00,n01,n02,n03,n04', '2: n05,n06']);
    }
  });

  it('a count that is not a number of names is no count; a count of 0 starts no backward cursor; backward refused or failed: forward only', async () => {
    const none = await run(numbered(60));
    for (const count of [-1, NaN, Infinity, '60', undefined]) {
      const r = await run(numbered(60), { count: Promise.resolve(count as number) });
      assert.deepEqual(r.log, none.log, String(count));
    }
    assert.deepEqual((await run(numbered(60), { count: Promise.reject(new Error('HEAD failed')) })).log, none.log);
    const zero = await run(numbered(60), { count: Promise.resolve(0) });
    assert.deepEqual(zero.log, [
      '- - 5',
      'n04 - 5',
      'n09 - 5',
      'n14 - 5',
      'n19 - 5',
      'n24 - 5',
      'n29 - 5',
      'n34 - 5',
      'n39 - 5',
      'n44 - 5',
      'n49 - 5',
      'n54 - 5',
      'n59 - 5',
    ]);
    for (const backward of [() => Promise.resolve(false), () => Promise.reject(new Error('reverse check failed'))]) {
      const r = await run(numbered(12), { backward: backward() });
      assert.deepEqual(r.log, ['- - 5', 'n04 - 5', 'n09 - 5']);
      assert.deepEqual(r.pages, ['1: n00,n01,n02,n03,n04', '2: n05,n06,n07,n08,n09', '3: n10,n11']);
    }
  });

  it('names so long that no name fits between two ends: no split, the two cursors read on', async () => {
    const long = numbered(60, 'x'.repeat(1019));
    const r = await run(long, { count: Promise.resolve(60) });
    assert.deepEqual(
      r.pages
        .map((p) => p.replace(/^\d+: /, ''))
        .join(',')
        .split(','),
      long,
    );
    assert.equal(r.log.length, 13); // 12 pages and the backward one that meets the forward one: nothing more
    // A guess that is as long as a name can be (1,024 bytes) has nothing just past it (a longer marker): no split.
    const full = 'x'.repeat(1023);
    const longest = Array.from('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwx', (c) => full + c);
    assert.equal(nameBetween(`${full}4`, `${full}t`, 0.5), `${full}7`);
    const l = await run(longest, { count: Promise.resolve(60) });
    assert.deepEqual(
      l.pages
        .map((p) => p.replace(/^\d+: /, ''))
        .join(',')
        .split(','),
      longest,
    );
    assert.equal(l.log.length, 13);
  });

  it('refuses a page size that is not a positive integer, naming it', async () => {
    const never = () => Promise.reject(new Error('no request expected'));
    for (const limit of [0, -1, 1.5]) {
      await assert.rejects(
        listGaps(never, { limit, gaps: 2, backward: Promise.resolve(true), shortPagesEnd: true }).next(),
        (e) => isOpenStackError(e, 'invalidInput') && (e as Error).message === `A listing page size must be a positive integer, not ${limit}.`,
      );
    }
  });

  it('hands over no page once cancelled while it waited, not even one the server answered after the cancel', async () => {
    const controller = new AbortController();
    const deaf = pacedRgw(numbered(30), { honoursReverse: true, deaf: true });
    const seen: string[] = [];
    await assert.rejects(
      (async () => {
        const options = { limit: 5, gaps: 2, backward: Promise.resolve(true), shortPagesEnd: true, signal: controller.signal };
        for await (const page of listGaps(deaf.fetch, options)) {
          seen.push(page.map((e) => e.name).join(','));
          // Cancelled while the listing waits for its next answers, which the deaf server still gives.
          setImmediate(() => controller.abort());
        }
      })(),
      (e) => isOpenStackError(e, 'cancelled'),
    );
    deaf.stop();
    assert.deepEqual(seen, ['n00,n01,n02,n03,n04']);
  });

  it("where the fetch parses every page in full: writes a held page as the server's text, one cut at its gap's end or amended by the fetch as its entries", async () => {
    const files = watchFiles();
    const dir = mkdtempSync(join(tmpdir(), 'oss-gap-forms-'));
    try {
      const server = pacedRgw(numbered(60), { honoursReverse: true, text: true });
      // A fetch that parses every page in full (as SwiftClient does with a text not in Swift's own form), and amends
      // one page after giving its text (as it does when it asks a large object's size): the first backward page, which
      // is held whole (nothing above it is read by anyone else).
      const amends = (q: RangeQuery) => q.reverse && q.marker === undefined;
      const fetch: typeof server.fetch = (q) => server.fetch({ ...q, wanted: undefined }).then((page) => (amends(q) && q.onAmended?.(), page));
      const options = { limit: 5, gaps: 2, backward: Promise.resolve(true), shortPagesEnd: true, count: Promise.resolve(60), spill: { heldEntries: 0, dir } };
      const names = (await pagesOf(listGaps(fetch, options))).join(',').split(',');
      server.stop();
      assert.deepEqual(names, numbered(60));
      // (Which pages are held depends a little on the disk's timing: checked by form.) The amended page as its
      // entries; the others as the server's text when whole, as entries when cut; no name written twice.
      const writes = files.writes.map(writtenForm);
      const amended = 'E n59,n58,n57,n56,n55';
      assert.ok(writes.includes(amended), writes.join(' | '));
      assert.ok(writes.filter((w) => w.startsWith('T ')).length >= 4, writes.join(' | '));
      for (const w of writes) if (w.startsWith('E ') && w !== amended) assert.ok(w.split(',').length < 5, writes.join(' | '));
      const written = writes.flatMap((w) => w.slice(2).split(','));
      assert.equal(new Set(written).size, written.length, writes.join(' | '));
    } finally {
      files.restore();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads a page to be held for its names and writes the server's text, a cut one too; parses and completes it in its turn", async () => {
    const files = watchFiles();
    const dir = mkdtempSync(join(tmpdir(), 'oss-gap-forms-'));
    try {
      const queries: RangeQuery[] = [];
      const server = pacedRgw(numbered(60), { honoursReverse: true, text: true, sent: (q) => queries.push(q) });
      const completed: string[] = [];
      // What the fetch does to a parsed page (SwiftClient: a large object's size), done for a held page when it is parsed.
      const complete = async (entries: ObjectEntry[]) => {
        completed.push(...entries.map((e) => e.name));
        return entries.map((e) => ({ ...e, contentType: 'completed' }));
      };
      const options = {
        limit: 5,
        gaps: 2,
        backward: Promise.resolve(true),
        shortPagesEnd: true,
        count: Promise.resolve(60),
        spill: { heldEntries: 0, dir },
        complete,
      };
      const entries: ObjectEntry[] = [];
      for await (const page of listGaps(server.fetch, options)) entries.push(...page);
      server.stop();
      assert.deepEqual(
        entries.map((e) => e.name),
        numbered(60),
      );
      // The first gap's forward pages went out as the fetch parsed them (in full); every other page was asked for its
      // names only, held as the server's text (whole even when cut at its gap's end), then parsed and completed.
      const wanted = queries.filter((q) => q.limit > 1).map((q) => `${q.marker ?? '-'} ${q.reverse ? 'reverse ' : ''}${q.wanted ? 'names' : 'full'}`);
      assert.ok(wanted.includes('- full') && wanted.includes('- reverse names'), wanted.join(' | '));
      const completedSet = new Set(completed);
      assert.equal(completedSet.size, completed.length, 'each name completed once');
      for (const e of entries) assert.equal(e.contentType === 'completed', completedSet.has(e.name), e.name);
      assert.ok(completed.length >= 30, `${completed.length} names held`);
      assert.equal(entries.filter((e) => isNameOnly(e)).length, 0, 'no entry handed over with its name only');
      const writes = files.writes.map(writtenForm);
      assert.ok(writes.length >= 6 && writes.every((w) => w.startsWith('T ')), writes.join(' | '));
      // With no memory budget every held name went through the file (a page cut at its gap's end written whole).
      const written = new Set(writes.flatMap((w) => w.slice(2).split(',')));
      for (const name of completed) assert.ok(written.has(name), `${name} not written: ${writes.join(' | ')}`);
    } finally {
      files.restore();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names only: every page asked for its names and handed over so, a held one kept as its names; none parsed in full', async () => {
    const files = watchFiles();
    const dir = mkdtempSync(join(tmpdir(), 'oss-gap-names-'));
    // Objects that JSON.parse refuses (a size that is no JSON value) but whose names are read well: only a listing
    // that reads every page, held ones too, for its names alone gets through.
    const textOf = (names: string[]) => pythonJson(names).replaceAll('"bytes": 1,', '"bytes": many,');
    const options = { limit: 5, gaps: 2, backward: Promise.resolve(true), shortPagesEnd: true, count: Promise.resolve(60), spill: { heldEntries: 0, dir } };
    try {
      const queries: RangeQuery[] = [];
      const server = pacedRgw(numbered(60), { honoursReverse: true, text: true, textOf, sent: (q) => queries.push(q) });
      const entries: ObjectEntry[] = [];
      try {
        for await (const page of listGaps(server.fetch, { ...options, namesOnly: true })) entries.push(...page);
      } finally {
        server.stop();
      }
      assert.deepEqual(
        entries.map((e) => e.name),
        numbered(60),
      );
      assert.equal(entries.filter((e) => !isNameOnly(e)).length, 0, 'every entry its name only');
      assert.ok(queries.length >= 12 && queries.every((q) => q.wanted?.('n00') === false), 'every page asked for its names');
      // Pages past the first gap went through the file as their names alone (a JSON array of them, not the server's
      // text); the first gap's forward pages never did.
      const written = files.writes.flatMap((w) => JSON.parse(w) as string[]);
      assert.ok(
        written.every((name) => /^n\d\d$/.test(name)),
        written.join(','),
      );
      assert.ok(written.length >= 30, written.join(','));
      assert.ok(!written.includes('n00') && !written.includes('n09'), written.join(','));
      // Asked in full, the same pages are refused: the text is not what a listing parsed in full accepts.
      const full = pacedRgw(numbered(60), { honoursReverse: true, text: true, textOf });
      try {
        await assert.rejects(pagesOf(listGaps(full.fetch, options)), (e: unknown) => isOpenStackError(e, 'badResponse'));
      } finally {
        full.stop();
      }
    } finally {
      files.restore();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('splits only while MIN_PAGES_TO_SPLIT pages are left, counting the pages in flight', async () => {
    // After the first two pages, with the next two in flight: 50 names leave 30 (a split), 49 leave 29 (none).
    assert.deepEqual((await run(numbered(50), { count: Promise.resolve(50) })).log, [
      '- - 5',
      '- - 5 reverse',
      'n04 - 5',
      'n45 n04 5 reverse',
      'n24\u007f\u0001 n04 5 reverse',
      'n24\u007f n45 5',
      'n09 n24\u007f\u0001 5',
      'n40 n24\u007f 5 reverse',
      'n20 n09 5 reverse',
      'n29 n40 5',
      'n14 n20 5',
      'n35 n29 5 reverse',
      'n15 n14 5 reverse',
      'n34 n35 5',
    ]);
    assert.deepEqual((await run(numbered(49), { count: Promise.resolve(49) })).log, [
      '- - 5',
      '- - 5 reverse',
      'n04 - 5',
      'n44 n04 5 reverse',
      'n09 n44 5',
      'n39 n09 5 reverse',
      'n14 n39 5',
      'n34 n14 5 reverse',
      'n19 n34 5',
      'n29 n19 5 reverse',
    ]);
  });

  it('three gaps over even names: each split in the widest gap, the first of two as wide', async () => {
    assert.deepEqual((await run(numbered(200, 'n', 3), { gaps: 3, count: Promise.resolve(200) })).log, [
      '- - 5',
      '- - 5 reverse',
      'n004 - 5',
      'n195 n004 5 reverse',
      'n0\u{10ffff}\u{10ffff}\u0001 n004 5 reverse',
      'n0\u{10ffff}\u{10ffff} n195 5',
      'n009 n0\u{10ffff}\u{10ffff}\u0001 5',
      'n190 n0\u{10ffff}\u{10ffff} 5 reverse',
      'n095 n009 5 reverse',
      'n04\u{10ffff}\u{10ffff}\u0001 n009 5 reverse',
      'n04\u{10ffff}\u{10ffff} n095 5',
      'n104 n190 5',
      'n014 n04\u{10ffff}\u{10ffff}\u0001 5',
      'n185 n104 5 reverse',
      'n090 n04\u{10ffff}\u{10ffff} 5 reverse',
      'n045 n014 5 reverse',
      'n054 n090 5',
      'n109 n185 5',
      'n019 n045 5',
      'n180 n109 5 reverse',
      'n085 n054 5 reverse',
      'n040 n019 5 reverse',
      'n059 n085 5',
      'n114 n180 5',
      'n024 n040 5',
      'n175 n114 5 reverse',
      'n080 n059 5 reverse',
      'n035 n024 5 reverse',
      'n064 n080 5',
      'n119 n175 5',
      'n029 n035 5',
      'n170 n119 5 reverse',
      'n075 n064 5 reverse',
      'n030 n029 5 reverse',
      'n069 n075 5',
      'n124 n170 5',
      'n14\u{100000}\u0001 n124 5 reverse',
      'n14\u{100000} n170 5',
      'n165 n14\u{100000} 5 reverse',
      'n070 n069 5 reverse',
      'n129 n14\u{100000}\u0001 5',
      'n145 n129 5 reverse',
      'n154 n165 5',
      'n160 n154 5 reverse',
      'n134 n145 5',
      'n140 n134 5 reverse',
      'n159 n160 5',
    ]);
  });

  it('whenFull: no backward cursor after a short first page, even where short pages do not end a side; one after a full one', async () => {
    assert.deepEqual((await run(numbered(3), { whenFull: true, shortPagesEnd: false })).log, ['- - 5', 'n02 - 5']);
    assert.deepEqual((await run(numbered(40), { whenFull: true, limit: 10, count: Promise.resolve(40) })).log, [
      '- - 10',
      'n09 - 10',
      '- n09 10 reverse',
      'n19 - 10',
      'n29 n30 10',
    ]);
  });

  it('one gap whose count is too low, with early requests: the backward cursor reads on alone, no request of 0 names', async () => {
    const r = await run(numbered(23), { gaps: 1, count: Promise.resolve(10) }, { text: true });
    assert.deepEqual(r.log, ['- - 5', '- - 5 reverse', 'n18 n04 5 reverse', 'n13 n04 5 reverse', 'n08 n04 5 reverse']);
    assert.deepEqual(
      r.pages
        .map((p) => p.replace(/^\d+: /, ''))
        .join(',')
        .split(','),
      numbered(23),
    );
  });

  it("when a held page cannot be written, only the first gap's forward cursor reads on: exact all the same", async () => {
    const spill = { heldEntries: 0, dir: join(tmpdir(), 'oss-gap-edges-missing') };
    const r = await run(numbered(60), { count: Promise.resolve(60), spill });
    assert.deepEqual(
      r.pages
        .map((p) => p.replace(/^\d+: /, ''))
        .join(',')
        .split(','),
      numbered(60),
    );
    // The first backward page is held and its write fails (when that is known depends on the disk's timing): from
    // then on only the first gap's forward cursor reads (no backward page, no split), gap after gap, nothing more
    // held. Read as usual, the same listing sends 7 backward pages (the first test).
    assert.ok(r.log.filter((l) => l.endsWith(' reverse')).length <= 3, r.log.join('\n'));
    assert.ok(r.log.filter((l) => l.split(' ')[0].endsWith('\u0001')).length <= 1, `one split at most: ${r.log.join('\n')}`);
    assert.ok(
      r.log.slice(-4).every((l) => !l.endsWith(' reverse')),
      r.log.join('\n'),
    );
    // One cursor at a time: the forward requests after the last backward page go up, each after the last (but for
    // one sent before the failure was known: a new part's first request). Cursors of several gaps reading at once
    // would go back and forth.
    const lastOther = Math.max(...r.log.map((l, i) => (l.endsWith(' reverse') ? i : -1)));
    const markers = r.log.slice(lastOther + 1).map((l) => l.split(' ')[0]);
    const backwards = markers.filter((m, i) => i > 0 && m < markers[i - 1]).length;
    assert.ok(backwards <= 1, r.log.join('\n'));
  });

  it('sends nothing when cancelled before it starts; a cancel says "cancelled"; a page answered after it is not handed over', async () => {
    const server = pacedRgw(numbered(30), { honoursReverse: true });
    const before = new AbortController();
    before.abort();
    const options = { limit: 5, gaps: 2, backward: Promise.resolve(true), shortPagesEnd: true };
    await assert.rejects(listGaps(server.fetch, { ...options, signal: before.signal }).next(), (e) => isOpenStackError(e, 'cancelled'));
    assert.deepEqual(server.log, []);
    server.stop();
    // A deaf server answers the request the cancel came with: the listing still says "cancelled" and hands nothing over.
    const controller = new AbortController();
    const deaf = pacedRgw(numbered(30), { honoursReverse: true, deaf: true, sent: (q) => q.marker === 'n04' && controller.abort() });
    const seen: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const page of listGaps(deaf.fetch, { ...options, signal: controller.signal })) seen.push(page.map((e) => e.name).join(','));
      })(),
      (e) => isOpenStackError(e, 'cancelled') && (e as Error).message === 'Cancelled: the listing.',
    );
    deaf.stop();
    assert.deepEqual(seen, ['n00,n01,n02,n03,n04']);
  });

  it("a request's own error comes out as it is", async () => {
    const boom = new OpenStackError('server', 'Swift failed: 503.');
    await assert.rejects(
      run(numbered(60), { count: Promise.resolve(60) }, { fail: (q) => (q.marker?.endsWith('\u0001') ? boom : undefined) }),
      (e) => e === boom,
    );
    await assert.rejects(run(numbered(60), {}, { fail: (q) => (q.marker === 'n09' ? boom : undefined) }), (e) => e === boom);
  });

  it('when the caller stops early: the requests in flight cancelled, its signal and the temporary files let go', async () => {
    const files = watchFiles();
    const dir = mkdtempSync(join(tmpdir(), 'oss-gap-edges-'));
    const controller = new AbortController();
    const listening = new Set<unknown>();
    const add = controller.signal.addEventListener.bind(controller.signal);
    const remove = controller.signal.removeEventListener.bind(controller.signal);
    controller.signal.addEventListener = ((...a: Parameters<typeof add>) => (a[0] === 'abort' && listening.add(a[1]), add(...a))) as typeof add;
    controller.signal.removeEventListener = ((...a: Parameters<typeof remove>) => (a[0] === 'abort' && listening.delete(a[1]), remove(...a))) as typeof remove;
    try {
      // The left part's first backward request (just past the guess) is never answered: still out when the caller
      // stops (other requests may be waiting for their part's writes then, and none out).
      const hold = (q: RangeQuery) => q.reverse && q.marker?.endsWith('\u0001') === true;
      const server = pacedRgw(numbered(80), { honoursReverse: true, hold });
      const options = { limit: 5, gaps: 2, backward: Promise.resolve(true), shortPagesEnd: true, count: Promise.resolve(80) };
      let pages = 0;
      for await (const page of listGaps(server.fetch, { ...options, signal: controller.signal, spill: { heldEntries: 0, dir } })) {
        assert.ok(page.length);
        if (++pages === 3) break;
      }
      server.stop();
      assert.ok(server.log.some((l) => l.includes('\u0001 ')) && server.aborted() >= 1, 'the requests still out are cancelled');
      assert.equal(server.inFlight(), 0, 'none left out');
      assert.ok(files.open === 0 && readdirSync(dir).length === 0, 'every temporary file closed and gone');
      assert.equal(listening.size, 0);
    } finally {
      files.restore();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shares the names held in memory among the parts that can fill at once; a part beyond them goes to the file', async () => {
    const files = watchFiles();
    const dir = mkdtempSync(join(tmpdir(), 'oss-gap-held-'));
    try {
      // 15 names for 3 parts (two gaps: 2 × 2 − 1): 5 each, so each part's first page stays in memory (the first
      // gap's backward n59–n55, the left part's new backward n29–n25, the right part's forward n31–n35), its next
      // ones go to the file.
      const r = await run(numbered(60), { count: Promise.resolve(60), spill: { heldEntries: 15, dir } }, { text: true });
      assert.deepEqual(
        r.pages
          .map((p) => p.replace(/^\d+: /, ''))
          .join(',')
          .split(','),
        numbered(60),
      );
      // Which pages exactly depends on the disk's timing (a cursor waits for its part's writes): about one a part
      // past its first. With the whole budget for each part one page would be written; with none, nine.
      assert.ok(files.writes.length >= 4 && files.writes.length <= 6, files.writes.map(writtenForm).join(' | '));
    } finally {
      files.restore();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
