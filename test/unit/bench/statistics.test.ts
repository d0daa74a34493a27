/**
 * The bench judges each ratio target by the median of its per-round ratios and that median's interval
 * (scripts/bench/util.ts): "within the noise" where the interval holds the limit. An interval too narrow would call
 * noise a result; one too wide would hide one.
 */
import * as assert from 'node:assert/strict';
import { medianInterval, ratio, statOf } from '../../../scripts/bench/util';

/** A pseudo-random generator (mulberry32) that keeps its low bits: the same draws every run. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('bench statistics: the interval of a median', () => {
  it('takes the order statistics the binomial law gives: the 2nd and 8th of 9, the 10th and 21st of 30', () => {
    const nine = [9, 1, 8, 2, 7, 3, 6, 4, 5];
    assert.deepEqual(medianInterval(nine), { low: 2, high: 8, confidence: 1 - (2 * 10) / 512 });
    assert.deepEqual(nine, [9, 1, 8, 2, 7, 3, 6, 4, 5], 'the runs are left in their order');
    const thirty = Array.from({ length: 30 }, (_, i) => 30 - i);
    const i30 = medianInterval(thirty);
    assert.equal(i30.low, 10);
    assert.equal(i30.high, 21);
    assert.ok(Math.abs(i30.confidence - 0.957226) < 1e-6, String(i30.confidence));
  });

  it('with too few values for 95 %, is the whole range and says it covers less', () => {
    assert.deepEqual(medianInterval([3, 1, 2, 5, 4]), { low: 1, high: 5, confidence: 1 - 2 / 32 });
    assert.deepEqual(medianInterval([7]), { low: 7, high: 7, confidence: 0 });
    assert.deepEqual(medianInterval([2, 1, 4, 3, 6, 5]), { low: 1, high: 6, confidence: 1 - 2 / 64 });
    assert.equal(medianInterval([]).confidence, 0);
  });

  it('asked for more confidence, widens', () => {
    const values = Array.from({ length: 30 }, (_, i) => i + 1);
    const wider = medianInterval(values, 0.99);
    assert.ok(wider.low < 10 && wider.high > 21 && wider.confidence >= 0.99, JSON.stringify(wider));
  });

  it('holds the true median as often as it says, on skewed draws (exponential, 9 and 30 draws, 4,000 samples)', () => {
    const next = generator(19);
    const trueMedian = Math.LN2;
    for (const n of [9, 30]) {
      let held = 0;
      let said = 0;
      const samples = 4000;
      for (let s = 0; s < samples; s++) {
        const draws = Array.from({ length: n }, () => -Math.log(1 - next()));
        const i = medianInterval(draws);
        if (i.low <= trueMedian && trueMedian <= i.high) held++;
        said = i.confidence;
      }
      // 4,000 samples: the coverage is seen to ±0.01 (three standard errors); one order statistic more or less
      // either side moves it by 0.03 (30 draws) to 0.14 (9 draws).
      assert.ok(Math.abs(held / samples - said) < 0.012, `${n} draws: held ${held / samples}, said ${said}`);
    }
  });

  it('ratio: the median of the per-round ratios and its interval, beside the ratio of the medians', () => {
    const a = statOf('a', 'a', [110, 220, 330, 440, 550, 660, 770, 880, 990], [0]);
    const b = statOf('b', 'b', [100, 100, 300, 400, 500, 600, 700, 800, 300], [0]);
    const q = ratio(a, b);
    assert.equal(q.ofMedians, 550 / 400);
    // Per round: 1.1, 2.2, 1.1, 1.1, 1.1, 1.1, 1.1, 1.1, 3.3.
    assert.ok(Math.abs(q.paired - 1.1) < 1e-9);
    assert.ok(Math.abs(q.interval.low - 1.1) < 1e-9 && Math.abs(q.interval.high - 2.2) < 1e-9, JSON.stringify(q.interval));
  });
});
