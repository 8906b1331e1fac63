// The shape of the client code: core knows no widget, and no widget imports another (issue 7).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

// Widgets are the folders of src/ with an index.ts, as the build finds them.
const widgetFolders = readdirSync('src').filter((name) => name !== 'core' && existsSync(`src/${name}/index.ts`));
/** Schema modules that belong to one widget; what widgets share lives in server/src/schemas/common.ts. */
const widgetSchemas = ['campaigns', 'opportunities', 'ballots', 'projects'].map((name) =>
  resolve(`server/src/schemas/${name}.ts`),
);

const sources = (folder: string) =>
  readdirSync(folder, { recursive: true })
    .map((file) => join(folder, String(file)))
    .filter((file) => /\.ts$/.test(file));

/** Every relative module a file imports (static, dynamic or type-only), as absolute .ts paths. */
function importsOf(file: string): string[] {
  const code = readFileSync(file, 'utf8');
  const specifiers = [...code.matchAll(/(?:from|import)\s*\(?\s*['"](\.[^'"]+)['"]/g)].map((match) => match[1]);
  return specifiers.map((specifier) => resolve(dirname(file), specifier).replace(/\.js$/, '.ts'));
}

const widgetOf = (path: string) => widgetFolders.find((name) => path.startsWith(resolve('src', name) + '/'));

test('the folders this rule reads exist', () => {
  assert.ok(widgetFolders.includes('donation-progress') && widgetFolders.includes('volunteer-signup'));
  assert.ok(sources('src/core').length > 10);
});

test('no core module imports a widget folder or a widget schema module', () => {
  const offences = sources('src/core').flatMap((file) =>
    importsOf(file)
      .filter((target) => widgetOf(target) || widgetSchemas.includes(target))
      .map((target) => `${file} → ${relative('.', target)}`),
  );
  assert.deepEqual(offences, []);
});

test('no widget imports another widget', () => {
  const offences = widgetFolders.flatMap((widget) =>
    sources(`src/${widget}`).flatMap((file) =>
      importsOf(file)
        .filter((target) => widgetOf(target) && widgetOf(target) !== widget)
        .map((target) => `${file} → ${relative('.', target)}`),
    ),
  );
  assert.deepEqual(offences, []);
});

test('no shipped module imports the fake backend or any other test code', () => {
  const testFolder = resolve('test') + '/';
  assert.ok(existsSync('test/fake-backend/handlers.ts'), 'the fake backend is where this rule looks for it');
  const offences = sources('src').flatMap((file) =>
    importsOf(file)
      .filter((target) => target.startsWith(testFolder))
      .map((target) => `${file} → ${relative('.', target)}`),
  );
  assert.deepEqual(offences, []);
});
