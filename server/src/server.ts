import type { Kysely } from 'kysely';
import { buildApp } from './app.js';
import { openDatabase } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { seedDemoData } from './db/seed.js';
import { resolveAdminToken } from './plugins/admin-auth.js';
import { readSettings, SettingError, type ServerSettings } from './settings.js';

function settingsOrExit(): ServerSettings {
  try {
    return readSettings(process.env);
  } catch (error) {
    if (!(error instanceof SettingError)) throw error;
    console.error(`Tadamon server cannot start: ${error.message}`);
    process.exit(1);
  }
}

const settings = settingsOrExit();
const database = await openDatabase({ databaseUrl: settings.databaseUrl, dataDir: settings.dataDir });
await migrateToLatest(database.db as Kysely<unknown>);
const seeded = await seedDemoData(database.db);
// After the database: PGlite creates its data folder only on an empty one.
const admin = resolveAdminToken(settings.adminToken, settings.dataDir);

const app = await buildApp({
  database,
  adminToken: admin.token,
  staticRoots: { demo: 'dist/demo', cdn: 'dist/cdn' },
  logger: { level: settings.logLevel },
  trustProxy: settings.trustProxy,
  rateLimit: settings.rateLimit,
  signupRateLimit: settings.signupRateLimit,
  streamLimits: settings.streamLimits,
  readCacheSize: settings.readCacheSize,
  // Unset: a random secret per process, so challenges from one replica fail on another.
  pow: { secret: settings.altchaSecret, cost: settings.powCost, maxCounter: settings.powMaxCounter },
  voteRateLimit: settings.voteRateLimit,
  mail: { smtpUrl: settings.smtpUrl, from: settings.mailFrom, production: settings.production },
  publicUrl: settings.publicUrl,
});

const address = await app.listen({ port: settings.port, host: settings.host });
const base = address.replace('[::1]', 'localhost');
console.log(`Tadamon reference server (${database.kind}${seeded ? ', demo data loaded' : ''})`);
console.log(`  demo site  ${base}/`);
console.log(`  API        ${base}/campaigns/winter-blankets-tounfite`);
console.log(`             ${base}/opportunities/winter-distribution-tounfite`);
console.log(`             ${base}/ballots/solidarity-awards-2026`);
if (!settings.smtpUrl && !settings.production) console.log(`  mailbox    ${base}/dev/mailbox  (no SMTP configured)`);
console.log(`  docs       ${base}/docs  (OpenAPI: ${base}/openapi.json)`);
console.log(`  admin token ${admin.file ? `${admin.token}  (kept in ${admin.file})` : '(from TADAMON_ADMIN_TOKEN)'}`);
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
