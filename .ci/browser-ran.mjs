// Exits 1 unless the console's browser test ran and passed: every test case of
// test/browser/console.test.ts in the JUnit XML report passed, none skipped (a missing
// chromium skips them at run time), and there is at least one. Writes to stderr: the
// run's last line on stdout stays the summary's.
import { existsSync, readFileSync } from 'node:fs';

const file = process.argv[2] ?? '.test-results/junit.xml';
const suite = 'test/browser/console.test.ts';
if (!existsSync(file)) {
  console.error(`browser test: no test report at ${file}`);
  process.exit(1);
}
const cases = (readFileSync(file, 'utf8').match(/<testcase\b[\s\S]*?(?:\/>|<\/testcase>)/g) ?? []).filter((testcase) =>
  testcase.includes(`classname="${suite}"`),
);
const notPassed = cases.filter((testcase) => /<(failure|error|skipped)\b/.test(testcase));
if (cases.length === 0 || notPassed.length > 0) {
  console.error(
    `browser test: ${suite} did not run and pass (${cases.length} case(s), ${notPassed.length} failed or skipped); is chromium installed?`,
  );
  process.exit(1);
}
console.error(`browser test: ${cases.length} case(s) of ${suite} passed in chromium`);
