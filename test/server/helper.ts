import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import pg from 'pg';
import assert from 'node:assert/strict';
import { Value } from 'typebox/value';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildApp, type AppOptions } from '../../server/src/app.js';
import { openDatabase, type TadamonDatabase } from '../../server/src/db/database.js';
import { migrateToLatest } from '../../server/src/db/migrate.js';
import { seedDemoData } from '../../server/src/db/seed.js';
import { Problem } from '../../server/src/schemas/common.js';

export const ADMIN_TOKEN = 'test-admin-token-of-32-characters';
export const DEMO_CAMPAIGN = 'winter-blankets-tounfite';
export const DEMO_OPPORTUNITY = 'winter-distribution-tounfite';
/** An origin the demo opportunity allows. */
export const ALLOWED_ORIGIN = 'http://localhost:8080';

const DAY_MS = 86_400_000;

/** A valid `POST /admin/opportunities` body; shifts start in a week. */
export function newOpportunity(
  id: string,
  shifts: { id: string; capacity: number; waitlist?: boolean }[] = [{ id: 'morning', capacity: 5 }],
  extra: Record<string, unknown> = {},
) {
  const startsAt = new Date(Date.now() + 7 * DAY_MS);
  return {
    id,
    title: { fr: 'Distribution', ar: 'توزيع', en: 'Distribution' },
    association: { id: 'amal-tounfite', name: 'Amal' },
    location: { city: { fr: 'Tounfite', ar: 'تونفيت' }, address: { fr: 'Place du souk', ar: 'ساحة السوق' } },
    shifts: shifts.map((shift, index) => ({
      ...shift,
      startsAt: new Date(startsAt.getTime() + index * DAY_MS).toISOString(),
      endsAt: new Date(startsAt.getTime() + index * DAY_MS + 4 * 3_600_000).toISOString(),
    })),
    questions: [
      { id: 'four-by-four', label: '4x4?', type: 'checkbox', required: false },
      {
        id: 'languages',
        label: 'Langues',
        type: 'select',
        required: true,
        options: [
          { id: 'tamazight', label: 'Tamazight' },
          { id: 'arabic', label: 'Arabe' },
        ],
      },
      { id: 'notes', label: 'Notes', type: 'text', required: false },
      {
        id: 'days',
        label: { fr: 'Jours', ar: 'الأيام' },
        type: 'multi',
        required: false,
        options: [
          { id: 'saturday', label: 'Samedi' },
          { id: 'sunday', label: 'Dimanche' },
        ],
      },
    ],
    privacy: { controller: 'Amal', contact: 'privacy@example.org', purpose: { fr: 'Organiser' }, retentionMonths: 12 },
    allowedOrigins: [ALLOWED_ORIGIN, 'https://partner.example.org'],
    ...extra,
  };
}

/** A valid signup body for `newOpportunity`'s questions; `n` makes the person unique. */
export function signupBody(n: number, shiftIds: string[] = ['morning'], extra: Record<string, unknown> = {}) {
  return {
    shiftIds,
    name: `Volunteer ${n}`,
    email: `volunteer${n}@example.org`,
    consent: true,
    locale: 'fr',
    answers: { languages: 'tamazight' },
    ...extra,
  };
}

export interface TestDatabase {
  database: TadamonDatabase;
  /** Connection string of the PostgreSQL test database (absent on PGlite). */
  url?: string;
  close(): Promise<void>;
}

export interface Backend {
  name: 'pglite' | 'postgres';
  /** A reason to skip, or false. */
  skip: string | false;
  /** `poolSize`: PostgreSQL connections of the app's pool (ignored on PGlite). */
  open(options?: { poolSize?: number }): Promise<TestDatabase>;
}

async function migratedAndSeeded(database: TadamonDatabase): Promise<void> {
  await migrateToLatest(database.db as Kysely<unknown>);
  await seedDemoData(database.db);
}

const pglite: Backend = {
  name: 'pglite',
  skip: false,
  async open() {
    const database = await openDatabase({ dataDir: 'memory://' });
    await migratedAndSeeded(database);
    return { database, close: () => database.close() };
  },
};

const testDatabaseUrl = process.env.TEST_DATABASE_URL;
const mustRunPostgres = process.env.CI === 'true';

const postgres: Backend = {
  name: 'postgres',
  // In CI a missing database is a failure (open() throws), never a silent skip.
  skip: testDatabaseUrl || mustRunPostgres ? false : 'TEST_DATABASE_URL is not set: PostgreSQL tests skipped',
  async open(options = {}) {
    if (!testDatabaseUrl)
      throw new Error('CI=true requires TEST_DATABASE_URL (a PostgreSQL server to create test databases on)');
    const name = `tadamon_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: testDatabaseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(testDatabaseUrl);
    url.pathname = `/${name}`;
    const database = await openDatabase({ databaseUrl: url.toString(), poolSize: options.poolSize });
    await migratedAndSeeded(database);
    return {
      database,
      url: url.toString(),
      async close() {
        await database.close();
        const dropper = new pg.Client({ connectionString: testDatabaseUrl });
        await dropper.connect();
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await dropper.end();
      },
    };
  },
};

export const backends: Backend[] = [pglite, postgres];

export function testApp(database: TadamonDatabase, options: Partial<AppOptions> = {}): Promise<FastifyInstance> {
  // Proof of work at its cheapest, so tests solve challenges in milliseconds.
  return buildApp({
    database,
    adminToken: ADMIN_TOKEN,
    rateLimit: false,
    signupRateLimit: false,
    voteRateLimit: false,
    // No mail worker querying in the background: ballot tests read the queued mails from the table.
    mail: false,
    pow: { cost: 1, maxCounter: 20 },
    ...options,
  });
}

export interface UsedDatabase {
  /** The database under test: read it inside tests and hooks (it exists once the suite's `before` ran). */
  readonly db: TestDatabase;
  /** A further app on this database, or on `database` (a wrapper of it); closed after the suite, before the database. */
  app(options?: Partial<AppOptions>, database?: TadamonDatabase): Promise<FastifyInstance>;
}

function ready<T>(value: T | undefined): T {
  if (value === undefined)
    throw new Error('useApp, useDatabase: the app and database are only there inside tests and hooks');
  return value;
}

/**
 * A fresh, migrated and seeded database of `backend` for the enclosing `describe`, for suites that build their own
 * apps on it (several, or on a wrapped database): opened before its tests; the apps, then the database, closed after
 * them. Hooks the suite adds itself run after this one's `before` and `after`.
 */
export function useDatabase(backend: Backend, open: Parameters<Backend['open']>[0] = {}): UsedDatabase {
  let db: TestDatabase | undefined;
  const apps: FastifyInstance[] = [];
  before(async () => {
    db = await backend.open(open);
  });
  after(async () => {
    for (const app of apps) await app.close();
    await db?.close();
  });
  return {
    get db() {
      return ready(db);
    },
    async app(options = {}, database) {
      const app = await testApp(database ?? ready(db).database, options);
      apps.push(app);
      return app;
    },
  };
}

export interface UsedApp {
  /** The app under test: read it inside tests and hooks (it exists once the suite's `before` ran). */
  readonly app: FastifyInstance;
  readonly db: TestDatabase;
}

/**
 * The app on a fresh, migrated and seeded database of `backend`, for the enclosing `describe`: opened before its
 * tests, closed after them. Hooks the suite adds itself run after this one's `before` and `after`.
 */
export function useApp(
  backend: Backend,
  options: Partial<AppOptions> = {},
  open: Parameters<Backend['open']>[0] = {},
): UsedApp {
  const database = useDatabase(backend, open);
  let app: FastifyInstance | undefined;
  before(async () => {
    app = await database.app(options);
  });
  return {
    get app() {
      return ready(app);
    },
    get db() {
      return database.db;
    },
  };
}

/** The body of a problem answer (RFC 9457), after asserting its content type and shape. */
export function problemOf(response: { headers: Record<string, unknown>; body: string }): Problem {
  assert.match(String(response.headers['content-type']), /^application\/problem\+json/, response.body);
  const body: unknown = JSON.parse(response.body);
  assert.ok(Value.Check(Problem, body), response.body);
  return body;
}

export const adminHeaders = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };

export async function countRows(database: TadamonDatabase): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of [
    'associations',
    'campaigns',
    'campaign_items',
    'donations',
    'item_receipts',
    'opportunities',
    'shifts',
    'signups',
    'signup_shifts',
    'idempotency_keys',
    'used_challenges',
  ] as const) {
    const row = await database.db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .executeTakeFirstOrThrow();
    counts[table] = Number(row.count);
  }
  const sums = await database.db
    .selectFrom('campaigns')
    .select((eb) => [eb.fn.sum<string>('raised_minor').as('raised'), eb.fn.sum<string>('donor_count').as('donors')])
    .executeTakeFirstOrThrow();
  counts.raised = Number(sums.raised);
  counts.donors = Number(sums.donors);
  const places = await database.db
    .selectFrom('shifts')
    .select((eb) => [
      eb.fn.sum<string>('confirmed').as('confirmed'),
      eb.fn.sum<string>('waitlist_seq').as('waitlisted'),
    ])
    .executeTakeFirstOrThrow();
  counts.confirmed = Number(places.confirmed ?? 0);
  counts.waitlisted = Number(places.waitlisted ?? 0);
  return counts;
}

export interface EventStream {
  /** Resolves with the next event matching `accept`; rejects after `timeoutMs`. */
  next(accept: (event: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  comments: string[];
  close(): void;
}

export interface SseEvent {
  event: string;
  data: string;
}

/** A minimal SSE client over fetch, enough to assert on what a browser's EventSource would see. */
export async function openEventStream(url: string): Promise<EventStream> {
  const controller = new AbortController();
  const response = await fetch(url, { signal: controller.signal, headers: { accept: 'text/event-stream' } });
  if (response.status !== 200 || !response.body) throw new Error(`event stream answered ${response.status}`);
  const events: SseEvent[] = [];
  const comments: string[] = [];
  const waiters = new Set<() => void>();
  let buffer = '';
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: SseEvent = { event: 'message', data: '' };
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) comments.push(line.slice(1).trim());
            else if (line.startsWith('event: ')) event.event = line.slice(7);
            else if (line.startsWith('data: ')) event.data += line.slice(6);
          }
          if (event.data) events.push(event);
          for (const wake of waiters) wake();
        }
      }
    } catch {
      // Aborted by close().
    }
  })();
  return {
    comments,
    next(accept, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const index = events.findIndex(accept);
          if (index < 0) return;
          const [event] = events.splice(0, index + 1).slice(-1);
          waiters.delete(check);
          clearTimeout(timer);
          resolve(event);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching event within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => controller.abort(),
  };
}

export const REPOSITORY_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs server.ts in its own process with `env` on top of this one's (`undefined` removes a variable). */
export function spawnServer(env: Record<string, string | undefined>): ChildProcess {
  const merged: Record<string, string | undefined> = { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env };
  for (const [name, value] of Object.entries(merged)) if (value === undefined) delete merged[name];
  return spawn(process.execPath, ['--import', 'tsx', 'server/src/server.ts'], {
    env: merged,
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: REPOSITORY_ROOT,
  });
}

/** Starts server.ts in its own process and waits for its `listening on` line; `output` is what it printed. */
export async function startServerProcess(
  env: Record<string, string | undefined>,
): Promise<{ child: ChildProcess; base: string; output: string }> {
  const child = spawnServer(env);
  let output = '';
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  return { child, base, output };
}

/** Runs server.ts expecting it to refuse to start: its exit code and what it printed. */
export async function failedStart(
  env: Record<string, string | undefined>,
): Promise<{ code: number | null; output: string }> {
  const child = spawnServer(env);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // A server that starts after all is stopped, and the test sees its `listening on` line.
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(timer);
  return { code, output };
}
