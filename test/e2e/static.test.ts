// The demo site and the CDN files as the real server sends them: precompressed by Accept-Encoding, hashed chunks
// cached for a year, entries and pages revalidated with an ETag. Raw HTTP (no client that decompresses for us), then
// Chromium.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { describe, test } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { useServerAndBrowser } from './helpers.js';

const graph = JSON.parse(readFileSync('dist/cdn-chunks.json', 'utf8')) as Record<string, { widget?: string }>;
const sharedChunk = Object.keys(graph).find((file) => /^chunks\/shared-/.test(file))!;
const widgetChunk = Object.keys(graph).find((file) => graph[file].widget === 'donation-progress')!;
const localeChunk = Object.keys(graph).find((file) => /^chunks\/ar-/.test(file))!;

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

const decoders: Record<string, (body: Buffer) => Buffer> = {
  br: brotliDecompressSync,
  gzip: gunzipSync,
  none: (body) => body,
};

describe('static files: compressed and cached (real server)', () => {
  const e2e = useServerAndBrowser();

  /** GET as bytes on the wire: node:http neither adds Accept-Encoding nor decompresses. */
  function get(path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
    return new Promise((resolve, reject) => {
      http
        .get(`${e2e.server.url}${path}`, { headers }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
          );
        })
        .on('error', reject);
    });
  }

  /** Asks for `path` in each encoding; checks the encoding, Vary and the bytes; returns the answers by encoding. */
  async function assertEncodings(path: string, file: string) {
    const original = readFileSync(file);
    const answers: Record<string, RawResponse> = {};
    for (const [accept, encoding] of [
      ['gzip, deflate, br, zstd', 'br'],
      ['br', 'br'],
      ['gzip', 'gzip'],
      ['identity', 'none'],
      ['', 'none'],
    ]) {
      const response = await get(path, accept ? { 'accept-encoding': accept } : {});
      assert.equal(response.status, 200, `${path} (${accept})`);
      assert.equal(response.headers['content-encoding'] ?? 'none', encoding, `${path} with Accept-Encoding: ${accept}`);
      assert.match(String(response.headers.vary), /accept-encoding/i);
      assert.ok(response.headers.etag, `${path} has an ETag`);
      assert.deepEqual(decoders[encoding](response.body), original, `${path} decodes to the built file`);
      if (encoding !== 'none') assert.ok(response.body.length < original.length, `${path} in ${encoding} is smaller`);
      answers[accept] = response;
    }
    return answers;
  }

  test('a CDN entry comes in brotli, gzip or as is by Accept-Encoding, short-lived, with an ETag', async () => {
    for (const entry of ['tadamon.js', 'donation-progress.js', 'volunteer-signup.js']) {
      const answers = await assertEncodings(`/cdn/${entry}`, `dist/cdn/${entry}`);
      for (const response of Object.values(answers)) {
        assert.equal(response.headers['cache-control'], 'public, max-age=300');
        assert.match(String(response.headers['content-type']), /javascript/);
      }
    }
  });

  test('hashed chunks (shared, widget, language) are compressed and immutable for a year', async () => {
    for (const chunk of [sharedChunk, widgetChunk, localeChunk]) {
      const answers = await assertEncodings(`/cdn/${chunk}`, `dist/cdn/${chunk}`);
      for (const response of Object.values(answers)) {
        assert.equal(response.headers['cache-control'], 'public, max-age=31536000, immutable');
      }
    }
  });

  test('demo pages are compressed and revalidated on each visit (no-cache + ETag)', async () => {
    const answers = await assertEncodings('/association-ar.html', 'demo/association-ar.html');
    for (const response of Object.values(answers)) assert.equal(response.headers['cache-control'], 'no-cache');
    await assertEncodings('/demo.css', 'demo/demo.css');
  });

  test('demo fonts are kept a day without revalidation (they load with font-display: optional)', async () => {
    const font = await get('/fonts/noto-sans-tifinagh-400.woff2', {});
    assert.equal(font.status, 200);
    assert.equal(font.headers['cache-control'], 'public, max-age=86400');
  });

  test('If-None-Match with the ETag of an encoding answers 304 without a body; each encoding has its own ETag', async () => {
    for (const path of ['/cdn/tadamon.js', '/association-ar.html']) {
      const etags = new Set<string>();
      for (const accept of ['br', 'gzip', 'identity']) {
        const first = await get(path, { 'accept-encoding': accept });
        const etag = String(first.headers.etag);
        etags.add(etag);
        const again = await get(path, { 'accept-encoding': accept, 'if-none-match': etag });
        assert.equal(again.status, 304, `${path} (${accept})`);
        assert.equal(again.body.length, 0);
        assert.equal(again.headers.etag, etag);
      }
      // A cache must never answer a gzip-only client with the brotli bytes' validator.
      assert.equal(etags.size, 3, `${path}: ${[...etags].join(' ')}`);
    }
  });

  test('in Chromium, the Arabic demo page receives all its JavaScript compressed', async () => {
    const page = await e2e.browser.newPage();
    const scripts: { url: string; encoding?: string; wire: Promise<number>; decoded: Promise<number> }[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() !== 'script') return;
      scripts.push({
        url: response.url(),
        encoding: response.headers()['content-encoding'],
        wire: response
          .request()
          .sizes()
          .then((sizes) => sizes.responseBodySize)
          .catch(() => 0),
        // Lazy chunks may still be arriving when the page closes.
        decoded: response.body().then(
          (body) => body.length,
          () => 0,
        ),
      });
    });
    await page.goto(`${e2e.server.url}/association-ar.html`);
    await page.locator('tadamon-donation-progress [part="bar"]').waitFor();
    const firstLoad = [...scripts];
    assert.ok(firstLoad.length >= 5, firstLoad.map((script) => script.url).join(', '));
    let wire = 0;
    let decoded = 0;
    for (const script of firstLoad) {
      assert.match(script.encoding ?? 'none', /^(br|gzip)$/, `${script.url} arrived compressed`);
      wire += await script.wire;
      decoded += await script.decoded;
    }
    assert.ok(wire < decoded / 2, `${wire} bytes on the wire for ${decoded} bytes of JavaScript`);
    await page.close();
  });
});
