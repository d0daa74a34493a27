// Mocha's spec reporter, plus the run's totals appended as one JSON line to $OSS_STATS_FILE, so the test
// orchestrator can print the totals across all suites.
const { appendFileSync } = require('node:fs');
const Mocha = require('mocha');

class StatsReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const suite = (options.reporterOptions && options.reporterOptions.suite) || process.env.OSS_SUITE || 'mocha';
    const skippedTitles = [];
    runner.on('pending', (test) => skippedTitles.push(test.fullTitle()));
    runner.once('end', () => {
      const file = process.env.OSS_STATS_FILE;
      if (!file) return;
      const { passes, failures, pending } = runner.stats;
      appendFileSync(file, JSON.stringify({ suite, passed: passes, failed: failures, skipped: pending, skippedTitles }) + '\n');
    });
  }
}

module.exports = StatsReporter;
