// Builds the npm library (dist/), the CDN files (dist/cdn/), the demo site (dist/demo/), each text file also
// precompressed (.br, .gz) for the server, and the chunk graph the size budgets read (dist/cdn-chunks.json).
// `--if-stale` (npm start): does nothing when the build is newer than every input.
//
// Widgets are the folders of src/ with an index.ts (besides core): each gets an npm export and a CDN entry.
import { build } from 'vite';
import browserslist from 'browserslist';
import { literalsHtmlCssMinifier } from '@literals/rollup-plugin-html-css-minifier';
import { minify } from 'terser';
import { brotliCompressSync, constants } from 'node:zlib';
import { gzipAsync } from '@gfx/zopfli';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const graphFile = 'dist/cdn-chunks.json';
const inputs = ['src', 'demo', 'scripts/build.mjs', 'vite.config.ts', 'package.json', 'package-lock.json'];

/** Every file under `path` (or `path` itself). */
const filesOf = (path) =>
  statSync(path).isDirectory() ? readdirSync(path, { recursive: true }).map((file) => join(path, file)) : [path];

if (process.argv.includes('--if-stale') && existsSync(graphFile)) {
  const built = statSync(graphFile).mtimeMs;
  const newest = Math.max(...inputs.flatMap(filesOf).map((file) => statSync(file).mtimeMs));
  if (newest < built) process.exit(0);
}

const widgetNames = readdirSync('src', { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && entry.name !== 'core' && existsSync(`src/${entry.name}/index.ts`))
  .map((entry) => entry.name);

/** The build targets of the supported browsers (package.json `browserslist`), as the transformer names them. */
function buildTargets() {
  const families = {
    chrome: 'chrome',
    and_chr: 'chrome',
    android: 'chrome',
    edge: 'edge',
    firefox: 'firefox',
    and_ff: 'firefox',
    safari: 'safari',
    ios_saf: 'ios',
    opera: 'opera',
    samsung: 'samsung',
  };
  const oldest = {};
  for (const browser of browserslist()) {
    const [name, versions] = browser.split(' ');
    const family = families[name];
    if (!family) throw new Error(`browserslist names ${browser}: add its family to the build targets`);
    const version = versions.split('-')[0];
    if (!(family in oldest) || Number(version) < Number(oldest[family])) oldest[family] = version;
  }
  return Object.entries(oldest).map(([family, version]) => `${family}${version}`);
}

const common = {
  logLevel: 'warn',
  configFile: 'vite.config.ts',
  publicDir: false,
  // The worker's URL is relative to the chunk that starts it, wherever the files are served.
  base: './',
};
const target = buildTargets();
// No plugin-timing reports in the output of `npm start` and `npm test`.
const checks = { pluginTimings: false };

// npm library: one file per source module, so the files that register elements are the entries `sideEffects` lists
// and everything else tree-shakes; dependencies stay bare imports so the host's bundler dedupes Lit and i18next.
await build({
  ...common,
  build: {
    target,
    outDir: 'dist',
    emptyOutDir: true,
    minify: false,
    lib: {
      entry: {
        index: 'src/index.ts',
        ...Object.fromEntries(widgetNames.map((name) => [name, `src/${name}/index.ts`])),
      },
      formats: ['es'],
    },
    rolldownOptions: {
      checks,
      external: [/^lit($|\/)/, /^@lit\//, /^i18next$/, /^chart\.js($|\/)/, /^altcha-lib($|\/)/],
      output: { preserveModules: true, preserveModulesRoot: 'src', entryFileNames: '[name].js' },
    },
  },
});

/**
 * The CDN chunk graph: the loader (`tadamon.js`), one hashed chunk per widget, one hashed `shared` chunk (what two or
 * more widgets use: Lit, i18next, core), lazy chunks (languages, chart, proof of work). A per-widget entry
 * (`donation-progress.js`) only re-exports its widget chunk, so with the loader on the same page it is the same module.
 * The loader learns the hashed names once they exist (`__TADAMON_WIDGET_FILES__`, see src/loader.ts).
 */
const widgetFilesPlaceholder = '__TADAMON_WIDGET_FILES__';

/** The widget whose registration module (`src/<widget>/index.ts`) is `id`, if any. */
const widgetOf = (id) => widgetNames.find((name) => id === resolve(`src/${name}/index.ts`));

/** The widgets whose first load includes module `id`: those importing it statically (lazy modules reach none). */
function widgetsReaching(id, context) {
  const seen = new Set([id]);
  const queue = [id];
  for (const current of queue) {
    for (const importer of context.getModuleInfo(current)?.importers ?? []) {
      if (!seen.has(importer)) (seen.add(importer), queue.push(importer));
    }
  }
  return new Set([...seen].map(widgetOf).filter(Boolean));
}

// Inside html`` templates a run of whitespace becomes one space, never none: what the browser renders is unchanged
// (no template has <pre> or `white-space: pre`), and neither are empty attributes (`lang=""` means something).
// CSS in css`` templates is minified.
const templateMinify = { collapseWhitespace: true, conservativeCollapse: true, removeEmptyAttributes: false };

const facadePrefix = '\0tadamon-entry:';
const cdnEntries = {
  tadamon: 'src/loader.ts',
  ...Object.fromEntries(widgetNames.map((name) => [name, `${facadePrefix}${name}`])),
};

/** Per-widget entries: a facade over the widget's own module, which the chunk groups put in its hashed chunk. */
const facades = {
  name: 'tadamon-widget-facades',
  resolveId: (id) => (id.startsWith(facadePrefix) ? id : null),
  load: (id) =>
    id.startsWith(facadePrefix)
      ? `export * from ${JSON.stringify(resolve(`src/${id.slice(facadePrefix.length)}/index.ts`))};`
      : null,
};

/** The CDN files and what each imports, for the size budgets: { 'chunks/shared-….js': { imports, … } }. */
const graph = {};

/** Writes the widgets' files into the loader, runs terser over first-load chunks, records the chunk graph. */
const finishCdn = {
  name: 'tadamon-finish-cdn',
  async generateBundle(_options, bundle) {
    const chunks = Object.values(bundle).filter((file) => file.type === 'chunk');
    const shared = chunks.find((chunk) => chunk.name === 'shared');
    const loader = bundle['tadamon.js'];
    const widgetFiles = {};
    for (const chunk of chunks) {
      if (!widgetNames.includes(chunk.name) || chunk.isEntry) continue;
      // A widget chunk must import the shared chunk and nothing else, or the loader's parallel fetch misses a file.
      if (chunk.imports.join() !== shared?.fileName) throw new Error(`${chunk.fileName} imports ${chunk.imports}`);
      widgetFiles[`tadamon-${chunk.name}`] = [`./${shared.fileName}`, `./${chunk.fileName}`];
    }
    if (Object.keys(widgetFiles).length !== widgetNames.length || !loader.code.includes(widgetFilesPlaceholder)) {
      throw new Error('the chunk graph is not loader → (shared chunk ∥ widget chunk): see scripts/build.mjs');
    }
    loader.code = loader.code.replace(widgetFilesPlaceholder, JSON.stringify(widgetFiles));
    for (const chunk of chunks) {
      const lang = chunk.moduleIds
        .map((id) => /[\\/]src[\\/]locales[\\/](?:[\w-]+-)?([a-z]{2,3})\.json$/.exec(id)?.[1])
        .find(Boolean);
      const widget = widgetNames.includes(chunk.name) && !chunk.isEntry ? chunk.name : undefined;
      // Terser (safe options) after the bundler's minifier: about 0.2 kB gzip less per first load.
      if (chunk.isEntry || chunk === shared || widget) {
        chunk.code = (await minify(chunk.code, { module: true, compress: { passes: 2 } })).code;
      }
      graph[chunk.fileName] = {
        entry: chunk.isEntry || undefined,
        widget,
        lang,
        imports: chunk.imports,
        dynamicImports: chunk.dynamicImports,
      };
    }
  },
};

await build({
  ...common,
  plugins: [literalsHtmlCssMinifier({ options: { minifyOptions: templateMinify } }), facades, finishCdn],
  build: {
    target,
    outDir: 'dist/cdn',
    emptyOutDir: false,
    // Library mode: no preload helper around import() (the loader starts the shared chunk itself, and adds no
    // <link> to the host's document). Terser (finishCdn) minifies.
    lib: { entry: cdnEntries.tadamon, formats: ['es'] },
    rolldownOptions: {
      checks,
      input: cdnEntries,
      preserveEntrySignatures: 'exports-only',
      output: {
        // Library mode would keep whitespace and comments.
        minify: true,
        comments: false,
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
        codeSplitting: {
          // The shared chunk first: its modules leave the widget groups, which would otherwise take them along.
          groups: [
            {
              name: (id, context) => (widgetsReaching(id, context).size > 1 ? 'shared' : null),
              debugName: 'shared',
              priority: 2,
            },
            { name: (id, context) => [...widgetsReaching(id, context)][0] ?? null, debugName: 'widget', priority: 1 },
          ],
        },
      },
    },
  },
});

// The demo site, served by the reference server from dist/demo next to the CDN files.
rmSync('dist/demo', { recursive: true, force: true });
cpSync('demo', 'dist/demo', { recursive: true });

// Precompressed copies the server sends by Accept-Encoding (when smaller than the file itself). Gzip by Zopfli:
// about 4 % smaller than zlib's level 9, readable by every gzip decoder.
for (const file of [...filesOf('dist/cdn'), ...filesOf('dist/demo')]) {
  if (!/\.(js|css|html|svg|json|map)$/.test(file)) continue;
  const content = readFileSync(file);
  const brotli = brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  const gzip = await gzipAsync(content, { numiterations: 15 });
  if (brotli.length < content.length) writeFileSync(`${file}.br`, brotli);
  if (gzip.length < content.length) writeFileSync(`${file}.gz`, gzip);
}

// Last: its date tells `--if-stale` when the build was complete.
writeFileSync(graphFile, JSON.stringify(graph, null, 1) + '\n');
