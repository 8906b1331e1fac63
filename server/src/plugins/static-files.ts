import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';

/** Hashed build output (`chunks/`, `assets/`): a new build writes new names, so a cached copy never goes stale. */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';
/** CDN entries keep their names across releases (`tadamon.js`, `donation-progress.js`): short-lived, then ETag. */
export const ENTRY_CACHE_CONTROL = 'public, max-age=300';
/** Demo pages: revalidated (ETag) on every visit. */
export const PAGE_CACHE_CONTROL = 'no-cache';
/**
 * Demo fonts: a day without revalidation, so that from the second page on they are there at first render (they load
 * with `font-display: optional`, which gives up on a font that needs a round trip).
 */
export const FONT_CACHE_CONTROL = 'public, max-age=86400';

const hashedFolders = ['chunks', 'assets'];

/**
 * Serves the built demo site at `/` and the CDN files at `/cdn/` (both from `npm run build`), each in the
 * precompressed encoding the browser accepts (`.br`, `.gz` written by the build; `Vary: Accept-Encoding`), with an
 * ETag (304 on `If-None-Match`) and the cache lifetime above. A folder that does not exist is skipped.
 */
export async function registerStaticFiles(app: FastifyInstance, roots: { demo?: string; cdn?: string }): Promise<void> {
  const demo = roots.demo && resolve(roots.demo);
  if (demo && existsSync(demo)) {
    await app.register(fastifyStatic, {
      root: demo,
      prefix: '/',
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, path) => {
        reply.header('cache-control', path.endsWith('.woff2') ? FONT_CACHE_CONTROL : PAGE_CACHE_CONTROL);
      },
    });
  }
  const cdn = roots.cdn && resolve(roots.cdn);
  if (cdn && existsSync(cdn)) {
    await app.register(fastifyStatic, {
      root: cdn,
      prefix: '/cdn/',
      decorateReply: false,
      preCompressed: true,
      cacheControl: false,
      setHeaders: (reply, path) => {
        const hashed = hashedFolders.includes(relative(cdn, path).split(sep)[0]);
        reply.header('cache-control', hashed ? IMMUTABLE_CACHE_CONTROL : ENTRY_CACHE_CONTROL);
      },
    });
  }
}
