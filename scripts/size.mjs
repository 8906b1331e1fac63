// Size budgets, checked on the CDN build (`npm test`, `npm run size`) and reported by `npm run bench`.
// A page's weight is every JavaScript file it fetches before its widgets show content, through the README's snippet,
// compressed as the server sends it (the build's .gz and .br files):
// the loader, the shared chunk, each widget's chunk, and one language (the heaviest) of the library and of each
// widget. Lazy chunks (chart, proof of work) are listed, not counted. The graph comes from the build
// (dist/cdn-chunks.json, written by scripts/build.mjs).
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';

const root = 'dist/cdn';
const loaderFile = 'tadamon.js';

/** Pages and their gzip budgets in bytes; `widgets: 'all'` is every widget the build knows (a page with all of them). */
export const pages = [
  { page: 'loader alone', widgets: [], budget: 2_000 },
  { page: 'one donation widget', widgets: ['donation-progress'], budget: 30_000 },
  { page: 'one signup widget', widgets: ['volunteer-signup'], budget: 32_000 },
  { page: 'donation + signup', widgets: ['donation-progress', 'volunteer-signup'], budget: 38_000 },
  { page: 'every widget', widgets: 'all', budget: 45_000 },
];

const readGraph = () => JSON.parse(readFileSync('dist/cdn-chunks.json', 'utf8'));

/** A file's size as the server sends it: its precompressed copy (the build writes one when it is smaller), or itself. */
export function measureFile(file) {
  const path = `${root}/${file}`;
  const raw = statSync(path).size;
  const sent = (extension) => (existsSync(`${path}.${extension}`) ? statSync(`${path}.${extension}`).size : raw);
  return { file, raw, gzip: sent('gz'), brotli: sent('br') };
}

const total = (files, field) => files.reduce((sum, file) => sum + file[field], 0);

/** Every file a page with these widgets fetches before they show content, and the lazy chunks they may fetch later. */
export function measurePage(widgets, graph = readGraph()) {
  const all = Object.keys(graph).filter((file) => graph[file].widget);
  const widgetChunks = widgets === 'all' ? all : widgets.map((name) => all.find((file) => graph[file].widget === name));
  if (widgetChunks.some((file) => !file)) throw new Error(`no chunk for one of ${widgets} in the build`);
  const initial = new Set();
  const walk = (file) => {
    if (initial.has(file)) return;
    initial.add(file);
    graph[file].imports.forEach(walk);
  };
  [loaderFile, ...widgetChunks].forEach(walk);
  const lazy = [...new Set([...initial].flatMap((file) => graph[file].dynamicImports))];
  // One language: the library's strings and each widget's own, in the language that weighs most.
  const byLang = {};
  for (const file of lazy.filter((file) => graph[file].lang)) (byLang[graph[file].lang] ??= []).push(measureFile(file));
  const language = Object.values(byLang).sort((a, b) => total(b, 'gzip') - total(a, 'gzip'))[0] ?? [];
  const files = [...initial].map(measureFile).concat(language);
  return {
    gzip: total(files, 'gzip'),
    brotli: total(files, 'brotli'),
    raw: total(files, 'raw'),
    files,
    lazy: lazy.filter((file) => !graph[file].lang).map(measureFile),
  };
}

const kB = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

if (import.meta.url === `file://${process.argv[1]}`) {
  let passed = 0;
  let failed = 0;
  const graph = readGraph();
  for (const { page, widgets, budget } of pages) {
    const measured = measurePage(widgets, graph);
    const ok = measured.gzip <= budget;
    ok ? passed++ : failed++;
    console.log(
      `${ok ? 'ok  ' : 'FAIL'} ${page}: ${kB(measured.gzip)} gzip (${kB(measured.brotli)} brotli), budget ${kB(budget)}`,
    );
    for (const file of measured.files) console.log(`       ${file.file} ${kB(file.gzip)} gz, ${kB(file.brotli)} br`);
    for (const file of measured.lazy)
      console.log(`       lazy ${file.file} ${kB(file.gzip)} gz, ${kB(file.brotli)} br`);
  }
  mkdirSync('.test-results', { recursive: true });
  writeFileSync('.test-results/size.json', JSON.stringify({ passed, failed, skipped: 0 }));
  process.exit(failed ? 1 : 0);
}
