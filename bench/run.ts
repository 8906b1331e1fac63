/**
 * `npm run bench`: weight and speed, measured. Prints a report and writes bench/results.json.
 * - gzip/brotli weight of a page with one widget, two, all (the size budgets' pages), and of every CDN file (builds
 *   first when there is no build);
 * - widget time to first render and total blocking time in Chromium at 4× CPU throttling (median of runs);
 * - GET /campaigns/{id} throughput/latency and SSE fan-out to 1,000 streams on loopback, on PGlite and, when
 *   BENCH_DATABASE_URL or TEST_DATABASE_URL names a PostgreSQL server, on PostgreSQL (a throwaway database).
 * Each server figure comes with a baseline measured in the same run, and their ratio, because absolute figures differ
 * 3× between machines of the same kind: for GETs a bare Fastify route answering a constant JSON body of the same size
 * (bench/bare-server.mjs), for signups a bare single-row insert transaction on the same kind of database.
 * `BENCH_ONLY=render` stops after the first renders (and writes no results); `BENCH_ONLY=server` (or
 * `npm run bench -- --only server`) runs only the server part and updates its figures in bench/results.json;
 * `BENCH_RUNS` sets the runs per case,
 * `BENCH_CASE=full` runs only the first-render cases whose label holds it; `BENCH_CHART_DRAWN` replaces the selector
 * that tells the chart is drawn (`canvas` for builds older than the chart's `aria-busy`).
 */
import { PGlite } from '@electric-sql/pglite';
import autocannon from 'autocannon';
import { execSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { launchChromium, startServer, type RunningServer } from '../test/e2e/helpers.js';
import { measureFile, measurePage, pages } from '../scripts/size.mjs';

const campaignId = 'winter-blankets-tounfite';
const onlyFlag = process.argv.indexOf('--only');
const only = onlyFlag >= 0 ? process.argv[onlyFlag + 1] : process.env.BENCH_ONLY;
const runs = Number(process.env.BENCH_RUNS ?? 5);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (value: number, digits = 1) => Number(value.toFixed(digits));

/** Per-page weight (the size budgets' pages: one widget, two, all) and every file of the CDN build, gzip and brotli. */
function sizes() {
  if (!existsSync('dist/cdn-chunks.json')) execSync('npm run --silent build:lib', { stdio: 'inherit' });
  const graph = JSON.parse(readFileSync('dist/cdn-chunks.json', 'utf8')) as Record<string, unknown>;
  return {
    pages: pages.map(({ page, widgets, budget }) => {
      const measured = measurePage(widgets);
      return {
        page,
        widgets,
        budgetGzip: budget,
        gzip: measured.gzip,
        brotli: measured.brotli,
        files: measured.files.map(({ file }) => file),
        lazy: measured.lazy.map(({ file }) => file),
      };
    }),
    files: Object.keys(graph).map((file) => {
      const { gzip, brotli, raw } = measureFile(file);
      return { file, raw, gzip, brotli };
    }),
  };
}

interface RenderCase {
  label: string;
  /** CDN entry that registers the widget alone. */
  entry: string;
  lang: string;
  markup: string;
  /** The widget has rendered its content once this matches inside its shadow root. */
  readySelector: string;
  /** When set, the run also waits until this matches (the chart, scrolled into view, has drawn). */
  drawnSelector?: string;
}

const renderCases: RenderCase[] = [
  {
    label: 'donation-progress compact',
    entry: 'donation-progress',
    lang: 'fr',
    markup: `<tadamon-donation-progress campaign="${campaignId}" api-base="/" layout="compact" live="off"></tadamon-donation-progress>`,
    readySelector: '[part="bar"]',
  },
  {
    label: 'donation-progress full',
    entry: 'donation-progress',
    lang: 'ar',
    markup: `<tadamon-donation-progress campaign="${campaignId}" api-base="/" layout="full" live="off"></tadamon-donation-progress>`,
    readySelector: '[part="bar"]',
    drawnSelector: process.env.BENCH_CHART_DRAWN ?? '[part="chart"][aria-busy="false"]',
  },
  {
    label: 'volunteer-signup',
    entry: 'volunteer-signup',
    lang: 'ar',
    markup: `<tadamon-volunteer-signup opportunity="winter-distribution-tounfite" api-base="/"></tadamon-volunteer-signup>`,
    readySelector: 'form',
  },
];

/**
 * First render of a widget on a page that loads only its CDN entry, at 4× CPU throttling: time from the start of the
 * script to the first render (skeleton), to the content and (full layout) to the chart drawn once scrolled into view,
 * and the total blocking time (the part of each long task over 50 ms) from the first contentful paint until 1 s
 * after, as Lighthouse counts it, beside the same sum from the page's start. The page reports through the console:
 * waiting with `page.waitForFunction` would evaluate Playwright's own script in the page, a long task of its own.
 */
async function firstRender(
  server: RunningServer,
  { label, entry, lang, markup, readySelector, drawnSelector }: RenderCase,
) {
  const browser = await launchChromium();
  const samples: {
    skeleton: number;
    content: number;
    drawn: number;
    fcp: number;
    tbt: number;
    blockingFromStart: number;
    longTasks: number[];
  }[] = [];
  const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>bench</title></head><body>
<script>
  window.__longTasks = [];
  new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries()))
    .observe({ type: 'longtask', buffered: true });
</script>
${markup}
<script type="module">
  const el = document.body.querySelector('[api-base]');
  const start = performance.now();
  await import('/cdn/${entry}.js');
  await el.updateComplete;
  const skeleton = performance.now() - start;
  while (!el.shadowRoot.querySelector('${readySelector}')) await new Promise(requestAnimationFrame);
  const content = performance.now() - start;
  let drawn = 0;
  if (${JSON.stringify(drawnSelector ?? '')}) {
    el.shadowRoot.querySelector('[part="chart"]')?.scrollIntoView();
    while (!el.shadowRoot.querySelector(${JSON.stringify(drawnSelector ?? '')})) await new Promise((r) => setTimeout(r, 20));
    drawn = performance.now() - start;
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const tasks = window.__longTasks;
  const longTasks = tasks.map((task) => Math.round(task.duration));
  // Total blocking time as Lighthouse defines it: from the first contentful paint on, each task's part over 50 ms
  // (a task that straddles the paint counts from the paint). The same sum from the page's start is reported beside it.
  const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0;
  const over = (duration) => Math.max(0, duration - 50);
  const tbt = tasks.reduce((sum, task) => sum + over(task.startTime + task.duration - Math.max(task.startTime, fcp)), 0);
  const blockingFromStart = tasks.reduce((sum, task) => sum + over(task.duration), 0);
  console.log('bench-result ' + JSON.stringify({ skeleton, content, drawn, fcp, tbt, blockingFromStart, longTasks }));
</script></body></html>`;
  try {
    // Run -1 warms the server and the browser's caches up and is not counted.
    for (let run = -1; run < runs; run++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.route(`${server.url}/bench.html`, (route) => route.fulfill({ contentType: 'text/html', body: html }));
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      const reported = page.waitForEvent('console', {
        predicate: (message) => message.text().startsWith('bench-result '),
        timeout: 30_000,
      });
      await page.goto(`${server.url}/bench.html`);
      const sample = JSON.parse((await reported).text().slice('bench-result '.length)) as (typeof samples)[0];
      if (run >= 0) samples.push(sample);
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return {
    widget: label,
    lang,
    runs,
    skeletonMs: round(median(samples.map((s) => s.skeleton))),
    contentMs: round(median(samples.map((s) => s.content))),
    ...(drawnSelector ? { chartDrawnMs: round(median(samples.map((s) => s.drawn))) } : {}),
    /** From the first contentful paint on (Lighthouse's definition); the paint's time from the page's start. */
    firstContentfulPaintMs: round(median(samples.map((s) => s.fcp))),
    totalBlockingTimeMs: round(median(samples.map((s) => s.tbt))),
    /** The same sum over every long task from the page's start, before the first paint included. */
    blockingFromStartMs: round(median(samples.map((s) => s.blockingFromStart))),
    /** Every run's TBT and long tasks (ms), to see where blocking time comes from. */
    totalBlockingTimeRunsMs: samples.map((s) => round(s.tbt)),
    longTasksMs: samples.map((s) => s.longTasks),
  };
}

/** The bare route of bench/bare-server.mjs, answering `body`, in a process of its own like the server. */
async function startBareRoute(body: string) {
  const child = spawn('node', ['bench/bare-server.mjs'], {
    env: { ...process.env, BENCH_BODY: body },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match) resolve(`${match[1]}/bare`);
    });
    child.on('exit', (code) => reject(new Error(`bare route exited with ${code}`)));
  });
  return {
    url,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

const GET_CONNECTIONS = 50;
const GET_SECONDS = 5;

function getLoad(url: string, duration = GET_SECONDS) {
  return autocannon({ url, connections: GET_CONNECTIONS, duration });
}

function summary(results: autocannon.Result[]) {
  return {
    requestsPerSecond: round(median(results.map((r) => r.requests.average)), 0),
    latencyP50Ms: median(results.map((r) => r.latency.p50)),
    latencyP99Ms: median(results.map((r) => r.latency.p99)),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
  };
}

/**
 * GET /campaigns/{id} beside the bare route answering a body of the same size, run after run in turn (so that a
 * load change on a shared machine hits both), and, when given, the same server without its read cache.
 */
async function getCampaignLoad(server: RunningServer, uncached?: RunningServer) {
  const path = `/campaigns/${campaignId}`;
  const body = await (await fetch(`${server.url}${path}`)).text();
  const bare = await startBareRoute(body);
  try {
    const targets = {
      served: `${server.url}${path}`,
      bare: bare.url,
      ...(uncached ? { uncached: `${uncached.url}${path}` } : {}),
    };
    const results: Record<string, autocannon.Result[]> = {};
    for (const url of Object.values(targets)) await getLoad(url, 1); // warm-up, not counted
    for (let run = 0; run < 3; run++) {
      for (const [name, url] of Object.entries(targets)) (results[name] ??= []).push(await getLoad(url));
    }
    const served = summary(results.served);
    const bareRoute = summary(results.bare);
    const withoutCache = results.uncached ? summary(results.uncached) : undefined;
    return {
      connections: GET_CONNECTIONS,
      durationSeconds: GET_SECONDS,
      runs: 3,
      bodyBytes: Buffer.byteLength(body),
      ...served,
      bareRoute,
      /** GET campaign ÷ bare route, requests per second. */
      ratioToBare: round(served.requestsPerSecond / bareRoute.requestsPerSecond, 2),
      ...(withoutCache
        ? {
            withoutCache: {
              ...withoutCache,
              ratioToBare: round(withoutCache.requestsPerSecond / bareRoute.requestsPerSecond, 2),
            },
          }
        : {}),
    };
  } finally {
    await bare.stop();
  }
}

/**
 * The baseline for writes: single-row insert transactions (BEGIN, INSERT, COMMIT) from 20 concurrent clients for
 * 3 × 5 s, on a PGlite database in a folder of its own or on the PostgreSQL database the server uses (a pool of 10
 * connections, the server's default).
 */
async function bareInserts(databaseUrl?: string) {
  const workers = 20;
  let dataDir: string | undefined;
  let run: (value: number) => Promise<void>;
  let close: () => Promise<void>;
  const create =
    'create table if not exists bench_bare_inserts (id bigserial primary key, n integer not null, at timestamptz not null default now())';
  if (databaseUrl) {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
    await pool.query(create);
    run = async (value) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        await client.query('insert into bench_bare_inserts (n) values ($1)', [value]);
        await client.query('commit');
      } finally {
        client.release();
      }
    };
    close = () => pool.end();
  } else {
    dataDir = mkdtempSync(join(tmpdir(), 'tadamon-bench-'));
    const pglite = new PGlite(dataDir);
    await pglite.exec(create);
    run = async (value) => {
      await pglite.transaction(async (tx) => {
        await tx.query('insert into bench_bare_inserts (n) values ($1)', [value]);
      });
    };
    close = () => pglite.close();
  }
  try {
    const perRun = [];
    let n = 0;
    for (let round = 0; round < 3; round++) {
      const latencies: number[] = [];
      const end = performance.now() + 5000;
      await Promise.all(
        Array.from({ length: workers }, async () => {
          while (performance.now() < end) {
            const started = performance.now();
            await run(n++);
            latencies.push(performance.now() - started);
          }
        }),
      );
      latencies.sort((a, b) => a - b);
      perRun.push({
        perSecond: latencies.length / 5,
        p50: latencies[Math.floor(latencies.length * 0.5)],
        p99: latencies[Math.floor(latencies.length * 0.99)],
      });
    }
    return {
      connections: workers,
      durationSeconds: 5,
      runs: 3,
      insertsPerSecond: round(median(perRun.map((r) => r.perSecond)), 0),
      latencyP50Ms: round(median(perRun.map((r) => r.p50))),
      latencyP99Ms: round(median(perRun.map((r) => r.p99))),
    };
  } finally {
    await close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Opens `count` SSE streams, records one donation, and times until every stream has the new total. */
async function sseFanOut(server: RunningServer, count = 1000) {
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const streams: http.ClientRequest[] = [];
  let baseline = -1;
  const updatedAt: number[] = [];
  let connected = 0;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`only ${connected}/${count} streams opened`)), 60_000);
    for (let index = 0; index < count; index++) {
      const request = http.get(`${server.url}/campaigns/${campaignId}/events`, { agent }, (response) => {
        let buffer = '';
        let seen = 0;
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const message = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = /^data: (.*)$/m.exec(message)?.[1];
            if (!/^event: progress$/m.test(message) || !data) continue;
            const raised = (JSON.parse(data) as { raised: number }).raised;
            if (seen++ === 0) {
              if (baseline < 0) baseline = raised;
              if (++connected === count) {
                clearTimeout(timer);
                resolve();
              }
            } else if (raised > baseline) updatedAt.push(performance.now());
          }
        });
      });
      request.on('error', reject);
      streams.push(request);
    }
  });
  const started = performance.now();
  const response = await fetch(`${server.url}/admin/campaigns/${campaignId}/donations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ amount: 10_000, source: 'cash' }),
  });
  if (response.status !== 201) throw new Error(`donation answered ${response.status}`);
  const deadline = started + 30_000;
  while (updatedAt.length < count && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  for (const stream of streams) stream.destroy();
  agent.destroy();
  const sorted = updatedAt.map((time) => time - started).sort((a, b) => a - b);
  return {
    streams: count,
    delivered: sorted.length,
    firstMs: round(sorted[0] ?? NaN),
    p50Ms: round(sorted[Math.floor(sorted.length / 2)] ?? NaN),
    allMs: sorted.length === count ? round(sorted[sorted.length - 1]) : null,
  };
}

// Load tests on loopback: no rate limits, and room for the fan-out's 1,000 streams from one address.
const unlimited = {
  TADAMON_RATE_LIMIT: 'off',
  TADAMON_SIGNUP_RATE_LIMIT: 'off',
  TADAMON_MAX_STREAMS_PER_ADDRESS: '2000',
  TADAMON_MAX_STREAMS: '2000',
};

const benchOrigin = 'http://bench.tadamon.test';

/** Signups per second on one shift with room for everyone: new people and idempotency keys, from an allowed origin. */
async function signupLoad(server: RunningServer) {
  const id = `bench-signups-${Date.now()}`;
  const startsAt = new Date(Date.now() + 7 * 86_400_000);
  const created = await fetch(`${server.url}/admin/opportunities`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.adminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      id,
      title: 'Benchmark distribution',
      association: { id: 'amal-tounfite', name: 'Association Amal' },
      location: { city: 'Tounfite' },
      shifts: [
        {
          id: 'everyone',
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 4 * 3_600_000).toISOString(),
          capacity: 100_000,
        },
      ],
      spamProtection: 'none',
      privacy: {
        controller: 'Association Amal',
        contact: 'privacy@example.org',
        purpose: 'Benchmark',
        retentionMonths: 12,
      },
      allowedOrigins: [benchOrigin],
    }),
  });
  if (created.status !== 201) throw new Error(`creating the benchmark opportunity answered ${created.status}`);
  let person = 0;
  const results = [];
  for (let run = 0; run < 3; run++) {
    results.push(
      await autocannon({
        url: `${server.url}/opportunities/${id}/signups`,
        connections: 20,
        duration: 5,
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => {
              const n = person++;
              return {
                ...request,
                headers: {
                  ...request.headers,
                  'content-type': 'application/json',
                  origin: benchOrigin,
                  'idempotency-key': `${id}-${n}`,
                },
                body: JSON.stringify({
                  shiftIds: ['everyone'],
                  name: `Volunteer ${n}`,
                  email: `volunteer${n}@example.org`,
                  consent: true,
                  locale: 'fr',
                }),
              };
            },
          },
        ],
      }),
    );
  }
  return {
    connections: 20,
    durationSeconds: 5,
    runs: 3,
    signupsPerSecond: round(median(results.map((r) => r.requests.average)), 0),
    latencyP50Ms: median(results.map((r) => r.latency.p50)),
    latencyP99Ms: median(results.map((r) => r.latency.p99)),
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
  };
}

async function withPostgres<T>(adminUrl: string, work: (url: string) => Promise<T>) {
  const name = `tadamon_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return await work(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function serverBench(databaseUrl?: string) {
  const server = await startServer({ databaseUrl, env: unlimited });
  const uncached = await startServer({ databaseUrl, env: { ...unlimited, TADAMON_READ_CACHE: 'off' } });
  try {
    const getCampaign = await getCampaignLoad(server, uncached);
    console.log('getCampaign', JSON.stringify(getCampaign));
    await uncached.stop();
    const sse = await sseFanOut(server);
    const signups = await signupLoad(server);
    const bareInsert = await bareInserts(databaseUrl);
    return {
      getCampaign,
      sseFanOut: sse,
      signups: {
        ...signups,
        bareInsert,
        /** Signups ÷ bare insert transactions, per second. */
        ratioToBare: round(signups.signupsPerSecond / bareInsert.insertsPerSecond, 2),
      },
    };
  } finally {
    await uncached.stop();
    await server.stop();
  }
}

type ServerResults = Awaited<ReturnType<typeof serverBench>>;

function printServer(name: string, { getCampaign: get, signups }: ServerResults) {
  const percent = (ratio: number) => `${Math.round(ratio * 100)} %`;
  console.log(
    `${name} GET campaign: ${percent(get.ratioToBare)} of the bare route (${get.requestsPerSecond} vs ` +
      `${get.bareRoute.requestsPerSecond} req/s, p99 ${get.latencyP99Ms} vs ${get.bareRoute.latencyP99Ms} ms, ` +
      `${get.bodyBytes} B)` +
      (get.withoutCache
        ? `; without the read cache ${percent(get.withoutCache.ratioToBare)} (${get.withoutCache.requestsPerSecond} req/s, p99 ${get.withoutCache.latencyP99Ms} ms)`
        : ''),
  );
  console.log(
    `${name} signups: ${percent(signups.ratioToBare)} of bare insert transactions (${signups.signupsPerSecond} vs ` +
      `${signups.bareInsert.insertsPerSecond} per second, p99 ${signups.latencyP99Ms} vs ${signups.bareInsert.latencyP99Ms} ms)`,
  );
}

const results: Record<string, unknown> =
  only === 'server' && existsSync('bench/results.json')
    ? (JSON.parse(readFileSync('bench/results.json', 'utf8')) as Record<string, unknown>)
    : {};
results.date = new Date().toISOString();
results.machine = `${process.platform} node ${process.version}`;

if (only !== 'server') {
  const weights = sizes();
  results.sizes = weights;
  const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
  for (const { page, gzip, brotli, budgetGzip } of weights.pages) {
    console.log(`${page}: ${kB(gzip)} gzip, ${kB(brotli)} brotli (budget ${kB(budgetGzip)} gzip)`);
  }
  for (const { file, gzip, brotli } of weights.files) console.log(`  ${file}: ${kB(gzip)} gzip, ${kB(brotli)} brotli`);

  const renderServer = await startServer({ env: unlimited });
  try {
    results.firstRender = [];
    for (const renderCase of renderCases.filter((c) => c.label.includes(process.env.BENCH_CASE ?? '')))
      (results.firstRender as unknown[]).push(await firstRender(renderServer, renderCase));
  } finally {
    await renderServer.stop();
  }
  console.log('firstRender (4x CPU)');
  for (const result of results.firstRender as object[]) console.log(JSON.stringify(result));

  // `BENCH_ONLY=render`: sizes and first renders only (a quick check while working); results.json is left as it is.
  if (only === 'render') process.exit(0);
}

const pgliteResults = await serverBench();
results.pglite = pgliteResults;
console.log('pglite', JSON.stringify(pgliteResults));
printServer('pglite', pgliteResults);
const postgresUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (postgresUrl) {
  const postgresResults = await withPostgres(postgresUrl, (url) => serverBench(url));
  results.postgres = postgresResults;
  console.log('postgres', JSON.stringify(postgresResults));
  printServer('postgres', postgresResults);
} else {
  console.log('postgres: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)');
}
writeFileSync('bench/results.json', JSON.stringify(results, null, 2) + '\n');
console.log('wrote bench/results.json');
