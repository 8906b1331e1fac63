// `npm test`: every check and suite in order, then one summary line `N passed, N failed[, N skipped]`.
// A check (format, lint, types, build) counts as one test; suites report their own counts.
// `node scripts/test.mjs server e2e` runs only the named steps.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';

const testFiles = (dir) =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((file) => file.endsWith('.test.ts'))
        .map((file) => `${dir}/${file}`)
    : [];
// Node 20's `--test` takes no globs, and with no files it would scan the whole tree: list them, or run nothing.
const nodeTests = (dir) =>
  testFiles(dir).length && ['node', ['--import', 'tsx', '--test', '--test-reporter=spec', ...testFiles(dir)]];

const steps = [
  { name: 'format', run: ['npx', ['prettier', '--check', '--log-level', 'warn', '.']] },
  { name: 'lint', run: ['npx', ['eslint', '.']] },
  { name: 'typecheck', run: ['npx', ['tsc', '-p', '.']] },
  { name: 'build', run: ['npm', ['run', '--silent', 'build']] },
  { name: 'size', run: ['node', ['scripts/size.mjs']], results: '.test-results/size.json' },
  { name: 'package', run: nodeTests('test/package'), counts: 'node' },
  { name: 'server', run: nodeTests('test/server'), counts: 'node' },
  { name: 'browser', run: ['npx', ['web-test-runner']], results: '.test-results/browser.json' },
  { name: 'storybook-build', run: ['npm', ['run', '--silent', 'build-storybook']] },
  { name: 'storybook', run: nodeTests('test/storybook'), counts: 'node' },
  { name: 'e2e', run: nodeTests('test/e2e'), counts: 'node' },
];

function run([command, args]) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    let output = '';
    const forward = (stream, target) =>
      stream.on('data', (chunk) => {
        output += chunk;
        target.write(chunk);
      });
    forward(child.stdout, process.stdout);
    forward(child.stderr, process.stderr);
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

function nodeCounts(output) {
  const count = (label) => Number(output.match(new RegExp(`^ℹ ${label} (\\d+)$`, 'm'))?.[1] ?? 0);
  // A skipped `describe` is a suite, not a test, in Node's own count: the spec reporter's ﹣ lines show every skip.
  const skipMarks = output.match(/^\s*﹣ /gm)?.length ?? 0;
  const skipped = Math.max(count('skipped') + count('todo'), skipMarks);
  return { passed: count('pass'), failed: count('fail') + count('cancelled'), skipped };
}

const only = process.argv.slice(2);
const selected = only.length ? steps.filter((step) => only.includes(step.name)) : steps;
const total = { passed: 0, failed: 0, skipped: 0 };
const lines = [];
rmSync('.test-results', { recursive: true, force: true });

for (const step of selected) {
  console.log(`\n▶ ${step.name}`);
  const started = Date.now();
  if (!step.run) {
    console.log(`no tests in this step yet`);
    continue;
  }
  const { code, output } = await run(step.run);
  let counts;
  if (step.counts === 'node') counts = nodeCounts(output);
  else if (step.results && existsSync(step.results)) counts = JSON.parse(readFileSync(step.results, 'utf8'));
  else counts = code === 0 ? { passed: 1, failed: 0, skipped: 0 } : { passed: 0, failed: 1, skipped: 0 };
  // A runner that exits non-zero without reporting a failure (crash, file that failed to load) still failed.
  if (code !== 0 && counts.failed === 0) counts.failed = 1;
  for (const key of Object.keys(total)) total[key] += counts[key];
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  lines.push(
    `  ${step.name.padEnd(16)} ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped (${seconds} s)`,
  );
}

console.log(`\nSummary\n${lines.join('\n')}\n`);
console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`);
process.exit(total.failed ? 1 : 0);
