import { defineConfig } from 'vite';

/**
 * Shared Vite settings: used by `npm run dev` (demo + source with the API proxied),
 * by Storybook, and as the base of the library and CDN builds in scripts/build.mjs.
 */
const apiTarget = process.env.TADAMON_DEV_API ?? 'http://127.0.0.1:8787';
const apiPaths = [
  '/campaigns',
  '/opportunities',
  '/ballots',
  '/projects',
  '/taxonomy',
  '/admin',
  '/openapi.json',
  '/docs',
  '/health',
];

export default defineConfig({
  build: { target: 'es2022' },
  server: {
    proxy: Object.fromEntries(apiPaths.map((path) => [path, { target: apiTarget, changeOrigin: false }])),
  },
  plugins: [
    {
      // The demo pages load the bundle as a webmaster would (`/cdn/tadamon.js`); in dev that is the source.
      name: 'tadamon-dev-cdn',
      apply: 'serve',
      configureServer(server) {
        server.middlewares.use((req, _res, next) => {
          if (req.url === '/cdn/tadamon.js') req.url = '/src/index.ts';
          else if (req.url === '/' || req.url?.startsWith('/?')) req.url = '/demo/index.html';
          else if (req.url && /^\/[\w-]+\.(html|css)$/.test(req.url)) req.url = `/demo${req.url}`;
          next();
        });
      },
    },
  ],
});
