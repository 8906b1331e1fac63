// Size budgets, checked on the CDN build: the initial JavaScript of an entry is its file, every chunk it imports
// statically, and the largest locale chunk (a page loads one language). Lazy chunks (chart) are listed, not counted.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { gzipSync, brotliCompressSync } from 'node:zlib';

const budgets = { 'donation-progress': 30_000, 'volunteer-signup': 32_000 };
const root = 'dist/cdn';

export function measureEntry(name) {
  const manifest = JSON.parse(readFileSync(`${root}/manifests/${name}.json`, 'utf8'));
  const sizes = (file) => {
    const code = readFileSync(`${root}/${file}`);
    return {
      file,
      raw: code.length,
      gzip: gzipSync(code, { level: 9 }).length,
      brotli: brotliCompressSync(code).length,
    };
  };
  const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry);
  const initial = new Set();
  const walk = (key) => {
    if (initial.has(key)) return;
    initial.add(key);
    for (const child of manifest[key].imports ?? []) walk(child);
  };
  walk(entryKey);
  const lazyKeys = Object.keys(manifest).filter((key) => !initial.has(key));
  // A page loads one language: the library's file (`ar.json`) and the widget's own (`volunteer-signup-ar.json`).
  const localesByLang = {};
  for (const key of lazyKeys) {
    const lang = /locales\/(?:[\w-]+-)?([a-z]{2,3})\.json$/.exec(key)?.[1];
    if (lang) (localesByLang[lang] ??= []).push(sizes(manifest[key].file));
  }
  const gzipOf = (files) => files.reduce((total, file) => total + file.gzip, 0);
  const largestLocale = Object.values(localesByLang).sort((a, b) => gzipOf(b) - gzipOf(a))[0] ?? [];
  const initialFiles = [...initial].map((key) => sizes(manifest[key].file)).concat(largestLocale);
  const sum = (field) => initialFiles.reduce((total, file) => total + file[field], 0);
  return {
    entry: name,
    initial: { gzip: sum('gzip'), brotli: sum('brotli'), raw: sum('raw'), files: initialFiles },
    lazy: lazyKeys.map((key) => sizes(manifest[key].file)),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  let passed = 0;
  let failed = 0;
  for (const [name, budget] of Object.entries(budgets)) {
    const { initial, lazy } = measureEntry(name);
    const ok = initial.gzip <= budget;
    ok ? passed++ : failed++;
    console.log(
      `${ok ? 'ok  ' : 'FAIL'} ${name}: initial ${(initial.gzip / 1000).toFixed(1)} kB gzip ` +
        `(${(initial.brotli / 1000).toFixed(1)} kB brotli), budget ${(budget / 1000).toFixed(1)} kB`,
    );
    for (const file of initial.files) console.log(`       initial ${file.file} ${(file.gzip / 1000).toFixed(1)} kB gz`);
    for (const file of lazy) console.log(`       lazy    ${file.file} ${(file.gzip / 1000).toFixed(1)} kB gz`);
  }
  mkdirSync('.test-results', { recursive: true });
  writeFileSync('.test-results/size.json', JSON.stringify({ passed, failed, skipped: 0 }));
  process.exit(failed ? 1 : 0);
}
