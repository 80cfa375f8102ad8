// Prints `N passed, M failed` from a JUnit XML report; exits 1 when there is no report or no test ran.
import { readFileSync, existsSync } from 'node:fs';

const file = process.argv[2] ?? '.test-results/junit.xml';
if (!existsSync(file)) {
  console.log('0 passed, 1 failed');
  console.error(`no test report at ${file}`);
  process.exit(1);
}
const xml = readFileSync(file, 'utf8');
const cases = xml.match(/<testcase\b[\s\S]*?(?:\/>|<\/testcase>)/g) ?? [];
let failed = 0;
let skipped = 0;
for (const testcase of cases) {
  if (/<(failure|error)\b/.test(testcase)) failed += 1;
  else if (/<skipped\b/.test(testcase)) skipped += 1;
}
const passed = cases.length - failed - skipped;
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exit(cases.length === 0 ? 1 : 0);
