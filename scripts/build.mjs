// Builds the npm library (dist/), the CDN bundles (dist/cdn/) and, through `cem`, the Custom Elements Manifest.
// The CDN build is one self-contained file per entry; only lazy parts (locales, chart) are separate chunks.
import { build } from 'vite';
import { literalsHtmlCssMinifier } from '@literals/rollup-plugin-html-css-minifier';
import { minify } from 'terser';

const entries = {
  index: 'src/index.ts',
  'donation-progress': 'src/donation-progress/index.ts',
  'volunteer-signup': 'src/volunteer-signup/index.ts',
};
// `base: './'`: the worker's URL is relative to the chunk that starts it, wherever the files are served.
const quiet = { logLevel: 'warn', configFile: 'vite.config.ts', publicDir: false, base: './' };

// npm library: dependencies stay bare imports so the host's bundler dedupes Lit and i18next.
await build({
  ...quiet,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    minify: false,
    lib: { entry: entries, formats: ['es'] },
    rollupOptions: { external: [/^lit($|\/)/, /^@lit\//, /^i18next$/, /^chart\.js($|\/)/] },
  },
});

/** Terser (safe options) over the entries Vite minified: about 0.2 kB less per first load, for the size budgets. */
const terserPass = {
  name: 'tadamon-terser-pass',
  async generateBundle(_options, bundle) {
    for (const file of Object.values(bundle)) {
      if (file.type === 'chunk' && file.isEntry) {
        file.code = (await minify(file.code, { module: true, compress: { passes: 2 } })).code;
      }
    }
  },
};

// CDN: everything bundled and minified; one build per entry so each entry is a single initial file.
const { index, ...widgets } = entries;
const cdnEntries = { tadamon: index, ...widgets };
for (const [name, entry] of Object.entries(cdnEntries)) {
  await build({
    ...quiet,
    // Minify the CSS inside css`` templates; html`` templates stay as written (their whitespace is visible text).
    plugins: [literalsHtmlCssMinifier({ options: { shouldMinify: () => false } }), terserPass],
    build: {
      outDir: 'dist/cdn',
      emptyOutDir: false,
      manifest: `manifests/${name}.json`,
      // Not library mode: it leaves ES output unminified.
      rollupOptions: {
        input: { [name]: entry },
        preserveEntrySignatures: 'exports-only',
        output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
      },
    },
  });
}
