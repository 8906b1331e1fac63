import { mkdir, writeFile } from 'node:fs/promises';
import { defaultReporter } from '@web/test-runner';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromiumArgs, chromiumPath } from './test/chromium.js';

/** Counts passed/failed/skipped into .test-results/browser.json; a file that fails to load counts as a failure. */
function countingReporter() {
  return {
    async onTestRunFinished({ sessions }) {
      const counts = { passed: 0, failed: 0, skipped: 0 };
      const walk = (suite) => {
        for (const test of suite.tests ?? []) {
          if (test.skipped) counts.skipped++;
          else if (test.passed) counts.passed++;
          else counts.failed++;
        }
        for (const child of suite.suites ?? []) walk(child);
      };
      for (const session of sessions) {
        const failedBefore = counts.failed;
        if (session.testResults) walk(session.testResults);
        const broken = (session.errors?.length ?? 0) > 0 || session.passed === false;
        // A file that failed to load (or threw outside a test) has no failed test to show for it.
        if (broken && counts.failed === failedBefore) counts.failed++;
      }
      await mkdir('.test-results', { recursive: true });
      await writeFile('.test-results/browser.json', `${JSON.stringify(counts)}\n`);
    },
  };
}

export default {
  files: ['test/widgets/**/*.test.ts'],
  nodeResolve: true,
  plugins: [esbuildPlugin({ ts: true, json: true, target: 'es2022', tsconfig: 'tsconfig.json' })],
  browsers: [
    playwrightLauncher({
      product: 'chromium',
      launchOptions: { executablePath: chromiumPath, args: chromiumArgs },
    }),
  ],
  testFramework: { config: { timeout: 10000 } },
  reporters: [defaultReporter(), countingReporter()],
};
