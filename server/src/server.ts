import type { Kysely } from 'kysely';
import { buildApp } from './app.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { seedDemoData } from './db/seed.js';

const port = Number(process.env.PORT ?? 8080);
const host = process.env.HOST ?? '127.0.0.1';
const databaseUrl = process.env.DATABASE_URL || undefined;
// Requests per minute per client address; `off` disables the limit (load tests on loopback).
const rateLimitSetting = process.env.TADAMON_RATE_LIMIT ?? '600';
const rateLimit = rateLimitSetting === 'off' ? false : { max: Number(rateLimitSetting), timeWindowMs: 60_000 };
if (rateLimit && !(rateLimit.max > 0)) throw new Error(`TADAMON_RATE_LIMIT must be a positive number or "off"`);
// Signups per minute per client address, on top of the global limit (people behind one NAT share it).
const signupSetting = process.env.TADAMON_SIGNUP_RATE_LIMIT ?? '30';
const signupRateLimit = signupSetting === 'off' ? false : { max: Number(signupSetting), timeWindowMs: 60_000 };
if (signupRateLimit && !(signupRateLimit.max > 0)) {
  throw new Error(`TADAMON_SIGNUP_RATE_LIMIT must be a positive number or "off"`);
}

const database = await openDatabase({ databaseUrl, dataDir: process.env.TADAMON_DATA_DIR || './data' });
await migrateToLatest(database.db as Kysely<unknown>);
const seeded = await seedDemoData(database.db);

const app = await buildApp({
  database,
  adminToken: process.env.TADAMON_ADMIN_TOKEN,
  staticRoots: { demo: 'demo', cdn: 'dist/cdn' },
  logger: { level: process.env.LOG_LEVEL ?? 'warn' },
  trustProxy: process.env.TADAMON_TRUST_PROXY === 'true',
  rateLimit,
  signupRateLimit,
  // Unset: a random secret per process, so challenges from one replica fail on another.
  pow: { secret: process.env.TADAMON_ALTCHA_SECRET || undefined },
});

const address = await app.listen({ port, host });
const base = address.replace('[::1]', 'localhost');
console.log(`Tadamon reference server (${database.kind}${seeded ? ', demo data loaded' : ''})`);
console.log(`  demo site  ${base}/`);
console.log(`  API        ${base}/campaigns/winter-blankets-tounfite`);
console.log(`             ${base}/opportunities/winter-distribution-tounfite`);
console.log(`  docs       ${base}/docs  (OpenAPI: ${base}/openapi.json)`);
console.log(`  admin token ${process.env.TADAMON_ADMIN_TOKEN ? '(from TADAMON_ADMIN_TOKEN)' : app.adminToken}`);
// Machine-readable line that test harnesses and scripts wait for.
console.log(`listening on ${address}`);

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: closing event streams and the database`);
  const forceExit = setTimeout(() => process.exit(1), 10_000);
  forceExit.unref();
  try {
    await app.close();
    await database.close();
    process.exit(0);
  } catch (error) {
    console.error(error);
    process.exit(1);
  }
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
