import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

// semver comes with our dependencies (it is in node_modules, not in package.json): typed here for what is used.
const semver = createRequire(import.meta.url)('semver') as {
  validRange(range: string): string | null;
  subset(inner: string, outer: string): boolean;
  minVersion(range: string): { major: number; minor: number } | null;
};

const root = fileURLToPath(new URL('../..', import.meta.url));
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;

interface LockedPackage {
  dev?: boolean;
  optional?: boolean;
}

/** Every package npm installed here (production and development), with the Node versions it declares. */
function installedEngines(): { name: string; node: string }[] {
  const lock = readJson(join(root, 'package-lock.json')) as { packages: Record<string, LockedPackage> };
  const found: { name: string; node: string }[] = [];
  for (const path of Object.keys(lock.packages)) {
    const manifest = join(root, path, 'package.json');
    // The root, and optional packages for other platforms, which npm did not install.
    if (path === '' || !existsSync(manifest)) continue;
    const engines = readJson(manifest).engines as { node?: string } | undefined;
    if (typeof engines?.node === 'string')
      found.push({ name: path.replace(/^node_modules\//, ''), node: engines.node });
  }
  return found;
}

test('every installed dependency supports every Node version package.json declares', () => {
  const declared = (readJson(join(root, 'package.json')).engines as { node: string }).node;
  assert.ok(semver.validRange(declared), declared);
  const engines = installedEngines();
  assert.ok(engines.length > 100, `only ${engines.length} packages declare engines: is node_modules installed?`);
  // `subset`: not only our lowest version but every version we claim (an odd release some package skips included).
  const unsupported = engines
    .filter(({ node }) => semver.validRange(node) && !semver.subset(declared, node))
    .map(({ name, node }) => `${name} wants node ${node}`);
  assert.deepEqual(unsupported, [], `package.json says node ${declared}`);
});

test('the README names the Node version package.json declares', () => {
  const declared = (readJson(join(root, 'package.json')).engines as { node: string }).node;
  const minimum = semver.minVersion(declared)!;
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  assert.ok(
    readme.includes(`Node.js ${minimum.major}.${minimum.minor}`),
    `README: Node.js ${minimum.major}.${minimum.minor}`,
  );
});
