// Prints the closing line of the whole suite from the reporter's tally file: "tests: N passed, N failed, N skipped".
const fs = require('node:fs');

const file = process.argv[2];
const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').filter(Boolean) : [];
const total = { passed: 0, failed: 0, skipped: 0 };
for (const line of lines) {
  const counts = JSON.parse(line);
  for (const key of Object.keys(total)) total[key] += counts[key];
}
console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
