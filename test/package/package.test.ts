// What a consumer of the npm package gets, checked on the build `npm test` just made.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { exports: Record<string, string | object> };

test('every export resolves to a built file', () => {
  for (const [entry, target] of Object.entries(pkg.exports)) {
    const files = typeof target === 'string' ? [target] : Object.values(target as Record<string, string>);
    for (const file of files) assert.ok(existsSync(file), `${entry} → ${file} is missing`);
  }
});

interface Declaration {
  tagName?: string;
  attributes?: { name: string }[];
  events?: { name: string }[];
  cssParts?: { name: string }[];
  cssProperties?: { name: string }[];
}
const manifest = () =>
  JSON.parse(readFileSync('custom-elements.json', 'utf8')) as { modules: { declarations?: Declaration[] }[] };
const names = (list?: { name: string }[]) => (list ?? []).map((item) => item.name);

const widgets = {
  'tadamon-donation-progress': {
    attributes: ['campaign', 'api-base', 'lang', 'layout', 'live'],
    events: ['tadamon-loaded', 'tadamon-error', 'tadamon-donate-click'],
    parts: ['base', 'bar', 'donate', 'error', 'retry'],
    property: '--tadamon-donation-progress-bar-color',
  },
  'tadamon-volunteer-signup': {
    attributes: ['opportunity', 'api-base', 'lang'],
    events: ['tadamon-signup-queued', 'tadamon-signup-confirmed', 'tadamon-signup-failed'],
    parts: ['base', 'form', 'shifts', 'consent', 'submit', 'status'],
    property: '--tadamon-volunteer-signup-min-height',
  },
};

for (const [tag, expected] of Object.entries(widgets)) {
  test(`the Custom Elements Manifest describes <${tag}> from its JSDoc`, () => {
    const element = manifest()
      .modules.flatMap((module) => module.declarations ?? [])
      .find((declaration) => declaration.tagName === tag);
    assert.ok(element, `no declaration with tagName ${tag}`);
    // Exactly the public attributes: internal state must not be documented as an attribute.
    assert.deepEqual(names(element.attributes).sort(), [...expected.attributes].sort());
    for (const event of expected.events) assert.ok(names(element.events).includes(event), `event ${event}`);
    for (const part of expected.parts) assert.ok(names(element.cssParts).includes(part), `part ${part}`);
    assert.ok(names(element.cssProperties).includes(expected.property));
  });
}

// Widgets are the folders of src/ with an index.ts; each must be known everywhere a webmaster or a bundler meets it.
const widgetFolders = readdirSync('src', { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(`src/${entry.name}/index.ts`))
  .map((entry) => entry.name);
const graph = () => JSON.parse(readFileSync('dist/cdn-chunks.json', 'utf8')) as Record<string, { widget?: string }>;
const sharedChunk = () => Object.keys(graph()).find((file) => /^chunks\/shared-/.test(file));

test('every widget has an npm export, a line in src/index.ts, a loader entry and a CDN entry', () => {
  assert.deepEqual(widgetFolders.sort(), ['donation-progress', 'volunteer-signup']);
  const index = readFileSync('src/index.ts', 'utf8');
  const loader = readFileSync('dist/cdn/tadamon.js', 'utf8');
  for (const widget of widgetFolders) {
    assert.ok(pkg.exports[`./${widget}`], `package.json exports ./${widget}`);
    assert.match(index, new RegExp(`'\\./${widget}/index\\.js'`), `src/index.ts registers ${widget}`);
    assert.match(loader, new RegExp(`"tadamon-${widget}":\\["\\./chunks/shared-[\\w-]+\\.js","\\./chunks/${widget}-`));
    assert.ok(existsSync(`dist/cdn/${widget}.js`));
  }
});

for (const widget of widgetFolders) {
  test(`the CDN entry ${widget}.js imports the shared chunk and the widget's chunk, the very files the loader imports`, () => {
    const code = readFileSync(`dist/cdn/${widget}.js`, 'utf8');
    const staticImports = [...code.matchAll(/(?:^|[;}\n])\s*import\s*(?:[\w${*][^"']*from\s*)?["']([^"']+)["']/g)].map(
      (match) => match[1],
    );
    const widgetChunk = Object.keys(graph()).find((file) => graph()[file].widget === widget);
    assert.deepEqual(staticImports.sort(), [`./${sharedChunk()}`, `./${widgetChunk}`].sort());
    assert.match(readFileSync(`dist/cdn/${widgetChunk}`, 'utf8'), new RegExp(`tadamon-${widget}`));
  });
}

// `sideEffects` lets a bundler drop every other file of an import: a customElements.define elsewhere is lost.
test('in the npm build, only the files package.json lists in sideEffects register elements', () => {
  const sideEffects = (pkg as unknown as { sideEffects: string[] }).sideEffects.map(
    (pattern) =>
      new RegExp(
        `^${pattern
          .replace(/\./g, '\\.')
          .replace(/\*\*/g, '.+')
          .replace(/(?<!\.)\*/g, '[^/]+')}$`,
      ),
  );
  const registering = readdirSync('dist', { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.js') && !/^(cdn|demo|types)\//.test(file))
    .filter((file) => /defineElement\(|customElements\.define\(/.test(readFileSync(`dist/${file}`, 'utf8')))
    .filter((file) => !file.startsWith('core/'));
  assert.deepEqual(registering.sort(), [...widgetFolders.map((widget) => `${widget}.js`)].sort());
  for (const file of registering)
    assert.ok(
      sideEffects.some((pattern) => pattern.test(`./dist/${file}`)),
      file,
    );
  assert.ok(!sideEffects.some((pattern) => pattern.test('./dist/donation-progress/donation-progress.js')));
});

test('the npm build keeps Lit, i18next and chart.js as bare imports (the host bundler dedupes them)', () => {
  const files = readdirSync('dist', { recursive: true, encoding: 'utf8' }).filter(
    (file) => file.endsWith('.js') && !/^(cdn|demo|types|assets)\//.test(file),
  );
  const code = files.map((file) => readFileSync(`dist/${file}`, 'utf8')).join('\n');
  assert.match(code, /from "lit"/);
  assert.match(code, /from "i18next"/);
  assert.match(code, /from "chart\.js"/);
  assert.doesNotMatch(code, /litElementVersions|class I18n\b/, 'no copy of Lit or i18next inside the package');
});

test('the tarball ships the CDN files without their precompressed copies, the demo or the build graph', () => {
  const [{ files }] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { encoding: 'utf8' })) as {
    files: { path: string }[];
  }[];
  const paths = files.map((file) => file.path);
  assert.ok(paths.includes('dist/cdn/tadamon.js'));
  assert.ok(paths.includes('dist/donation-progress.js'));
  assert.deepEqual(
    paths.filter((path) => /\.(br|gz)$|^dist\/demo\/|cdn-chunks\.json$/.test(path)),
    [],
  );
});

test('README names the supported browsers with the browserslist query the build uses', () => {
  const query = (pkg as unknown as { browserslist: string[] }).browserslist.join(', ');
  assert.ok(readFileSync('README.md', 'utf8').includes(query), `README quotes "${query}"`);
  assert.match(query, /safari >= 16/);
  assert.match(query, /ios_saf >= 16/);
});
