// A jest reporter that appends each run's counts to $TEST_TALLY_FILE, so that one closing line can
// sum the whole monorepo's suites (turbo runs one jest per workspace).
const fs = require('node:fs');

class TallyReporter {
  onRunComplete(_contexts, results) {
    const file = process.env.TEST_TALLY_FILE;
    if (!file) return;
    const line = { passed: results.numPassedTests, failed: results.numFailedTests, skipped: results.numPendingTests };
    fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
  }
}

module.exports = TallyReporter;
