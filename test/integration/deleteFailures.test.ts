/**
 * Delete… against the real Swift when the answers go wrong, through a front door (test/support/frontDoor.ts):
 * a bulk answer refusing the request as a whole, one counting fewer paths than were sent, one cut short, and the
 * one-by-one fallback (no /info) meeting 404, 409 and 503. Each time: every object still there is reported as
 * not deleted, what is gone is not reported as failed, the counts add up to what was asked, and Retry Failed
 * sends exactly the failed paths again.
 */
import * as assert from 'node:assert/strict';
import { isOpenStackError } from '../../src/openstack/errors';
import type { SwiftClient } from '../../src/openstack/swift/client';
import { type DeletionReport, planDeletion, retryDeletion, runDeletion } from '../../src/openstack/swift/deletion';
import { Doors, openDoors, type Fault, type SeenRequest } from '../support/frontDoor';
import { SwiftFixture, deleteContainers, swiftFixture, uniqueContainer } from '../support/swiftFixture';
import { TestSession, testSession } from './faultsSupport';

const NAMES = ['d 0 ☁', 'd-1 %', 'd/2', 'd-3', 'd-4', 'd-5'];

describe('Delete… when the answers go wrong (integration, front door)', function () {
  this.timeout(90_000);
  let f: SwiftFixture;
  let doors: Doors;
  let t: TestSession;
  let client: SwiftClient;
  let container: string;

  before(async () => {
    f = await swiftFixture();
    doors = await openDoors(f.cloud);
  });

  // A new session each time: the client remembers /info, which one test hides.
  beforeEach(async () => {
    t = testSession({ authUrl: doors.authUrl, user: f.cloud.demo, http: { retry: { maxRetries: 1, minTimeoutMs: 10, maxTimeoutMs: 10 } } });
    client = await t.session.swift(f.cloud.regions[0].name);
    container = uniqueContainer('delete-faults');
    await f.swift.createContainer(container);
    for (const name of NAMES) await f.swift.putObject(container, name, `body of ${name}`);
  });

  afterEach(async () => {
    doors.swift[0].fault = undefined;
    await deleteContainers(f.swift, [container]);
    await t.http.close();
  });

  after(async () => {
    await doors?.close();
  });

  const isBulk = (r: SeenRequest) => r.method === 'POST' && r.path.includes('bulk-delete');
  async function stillThere(): Promise<string[]> {
    const there: string[] = [];
    for (const name of NAMES) {
      await f.swift.headObject(container, name).then(
        () => there.push(name),
        (e: unknown) => assert.ok(isOpenStackError(e, 'notFound'), String(e)),
      );
    }
    return there;
  }
  async function deleteAll(): Promise<DeletionReport> {
    const plan = await planDeletion(
      client,
      NAMES.map((name) => ({ kind: 'object' as const, container, name })),
    );
    return runDeletion(client, plan);
  }
  /** The failures are exactly the objects still there, and the counts add up to what was asked. */
  async function assertTruthful(report: DeletionReport, asked: number): Promise<void> {
    const there = await stillThere();
    assert.deepEqual(report.failures.map((p) => p.name).sort(), [...there].sort(), 'failed = still there');
    assert.equal(report.deleted + report.failures.length, asked, 'deleted + failed = asked');
  }
  /** Retry Failed: sends exactly the failed paths (one bulk request with those lines), and they go. */
  async function retryDeletesExactlyThose(report: DeletionReport): Promise<void> {
    doors.swift[0].fault = undefined;
    const from = doors.swift[0].requests.length;
    const retried = await retryDeletion(client, report.failures);
    assert.deepEqual(retried.failures, []);
    assert.equal(retried.deleted, report.failures.length);
    const bulk = doors.swift[0].requests.slice(from).filter(isBulk);
    assert.equal(bulk.length, 1, 'one bulk request');
    assert.deepEqual(await stillThere(), []);
  }
  function answerBulk(fault: Fault, times = Infinity): () => number {
    let count = 0;
    doors.swift[0].fault = (r) => (isBulk(r) && count < times ? (count++, fault) : undefined);
    return () => count;
  }

  it('a bulk answer refusing the whole request (502, no errors): all six reported as not deleted; Retry Failed deletes them', async () => {
    const injected = answerBulk({ kind: 'answer', status: 200, body: JSON.stringify({ 'Response Status': '502 Bad Gateway', Errors: [] }) });
    const report = await deleteAll();
    assert.equal(injected(), 1);
    assert.equal(report.failures.length, 6);
    assert.match(report.failures[0].reason, /^still there: Swift refused the bulk delete of 6 path\(s\): 502 Bad Gateway$/);
    await assertTruthful(report, 6);
    await retryDeletesExactlyThose(report);
  });

  it('a 2xx answer counting 3 of the 6 paths, though Swift deleted none: all six go again, in requests of three, and are gone', async () => {
    const injected = answerBulk({ kind: 'answer', status: 200, body: JSON.stringify({ 'Response Status': '200 OK', 'Number Deleted': 3, Errors: [] }) }, 1);
    const from = doors.swift[0].requests.length;
    const report = await deleteAll();
    assert.equal(injected(), 1);
    assert.deepEqual(report.failures, []);
    await assertTruthful(report, 6);
    assert.deepEqual(await stillThere(), []);
    assert.equal(doors.swift[0].requests.slice(from).filter(isBulk).length, 3, 'the lying answer, then the six paths in two requests of three');
  });

  it('an answer cut short after Swift deleted everything: nothing is reported as failed', async () => {
    const injected = answerBulk({ kind: 'alter', body: (b) => b.subarray(0, b.length >> 1) });
    const report = await deleteAll();
    assert.equal(injected(), 1);
    assert.deepEqual(report.failures, []);
    await assertTruthful(report, 6);
  });

  it('one by one (no /info): a 503 and a 409 are failures, a 404 counts as gone; Retry Failed sends exactly those', async () => {
    await f.swift.deleteObject(container, NAMES[5]); // gone before the delete: 404
    const hideInfo = (r: SeenRequest): Fault | undefined =>
      r.method === 'GET' && /^\/info(\?|$)/.test(r.path) ? { kind: 'answer', status: 404, body: 'no /info here' } : undefined;
    const refused = { [NAMES[1]]: 503, [NAMES[2]]: 409 };
    let injected = 0;
    doors.swift[0].fault = (r) => {
      const name = Object.keys(refused).find((n) => r.path.endsWith(`/${encodeURIComponent(container)}/${n.split('/').map(encodeURIComponent).join('/')}`));
      if (r.method === 'DELETE' && name) return (injected++, { kind: 'answer', status: refused[name], body: 'refused' });
      return hideInfo(r);
    };
    const mark = doors.swift[0].requests.length;
    const report = await deleteAll();
    assert.ok(injected >= 2);
    assert.equal(doors.swift[0].requests.slice(mark).filter(isBulk).length, 0, 'no bulk request without /info');
    assert.deepEqual(
      report.failures.map((p) => `${p.name}: ${p.reason}`),
      [`${NAMES[1]}: 503`, `${NAMES[2]}: 409`],
    );
    assert.equal(report.notFound, 1);
    await assertTruthful(report, NAMES.length);

    doors.swift[0].fault = hideInfo;
    const from = doors.swift[0].requests.length;
    const retried = await retryDeletion(client, report.failures);
    assert.deepEqual(retried.failures, []);
    const deletes = doors.swift[0].requests.slice(from).filter((r) => r.method === 'DELETE');
    assert.deepEqual(
      deletes.map((r) => decodeURIComponent(r.path.split('/').slice(4).join('/'))).sort(),
      [NAMES[1], NAMES[2]].sort(),
      'exactly the two failed paths',
    );
    assert.deepEqual(await stillThere(), []);
  });
});
