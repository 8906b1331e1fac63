import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export interface StaticSite {
  /** Origin of the site, e.g. `http://127.0.0.1:41234`. */
  origin: string;
  stop(): Promise<void>;
}

/**
 * A plain static web server on a free port, as an integrator's site or a third-party CDN would be: `mounts` maps a
 * URL path prefix to a folder (`{ '/static/tadamon/': 'dist/cdn' }`); `pages` are HTML answered at exact paths.
 * Module scripts loaded from another origin need CORS, so every answer allows any origin.
 */
export async function serveStatic(mounts: Record<string, string>, pages: Record<string, string> = {}) {
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    response.setHeader('access-control-allow-origin', '*');
    // Browsers ask every site for one; a 404 would show in the console.
    if (path === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    if (path in pages) {
      response.writeHead(200, { 'content-type': types['.html'] }).end(pages[path]);
      return;
    }
    const prefix = Object.keys(mounts).find((candidate) => path.startsWith(candidate));
    const file = prefix && normalize(join(mounts[prefix], path.slice(prefix.length)));
    if (!prefix || !file || !file.startsWith(normalize(mounts[prefix]))) {
      response.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) =>
        response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  } satisfies StaticSite;
}
