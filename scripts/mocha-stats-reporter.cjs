// Mocha's spec reporter, plus the run's totals appended as one JSON line to $OSS_STATS_FILE, so the test
// orchestrator can print the totals across all suites, and each failure again beside them (a suite's own output
// may be far above the end of a long run's log).
const { appendFileSync } = require('node:fs');
const Mocha = require('mocha');

class StatsReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const suite = (options.reporterOptions && options.reporterOptions.suite) || process.env.OSS_SUITE || 'mocha';
    const skippedTitles = [];
    const failedTests = [];
    runner.on('pending', (test) => skippedTitles.push(test.fullTitle()));
    runner.on('fail', (test, err) => failedTests.push({ title: test.fullTitle(), error: firstLines(err) }));
    runner.once('end', () => {
      const file = process.env.OSS_STATS_FILE;
      if (!file) return;
      const { passes, failures, pending } = runner.stats;
      appendFileSync(file, JSON.stringify({ suite, passed: passes, failed: failures, skipped: pending, skippedTitles, failures: failedTests }) + '\n');
    });
  }
}

/** The error's first lines, where an assertion says what it expected. */
function firstLines(err) {
  const text = String((err && (err.stack || err.message)) || err);
  return text.split('\n').slice(0, 6).join('\n');
}

module.exports = StatsReporter;
