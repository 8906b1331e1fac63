import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './types.js';

/** Channel on which every committed change to a campaign is announced, payload = campaign id. */
export const PROGRESS_CHANNEL = 'tadamon_progress';
/** Channel on which writes announce the resources they changed, payload = `kind:id` (`*`: any), for the read cache. */
export const CHANGES_CHANNEL = 'tadamon_changes';

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent an embedded PGlite database is used. */
  databaseUrl?: string;
  /** PGlite data folder; `memory://` keeps everything in memory. */
  dataDir?: string;
  /** PostgreSQL connections per process (default 10). */
  poolSize?: number;
}

export interface Subscription {
  close(): Promise<void>;
}

export interface TadamonDatabase {
  db: Kysely<Database>;
  kind: 'pglite' | 'postgres';
  /**
   * Receives NOTIFY payloads of `channel`. `onReconnect` runs after the listening connection
   * was lost and re-established, because notifications sent meanwhile are gone.
   */
  listen(channel: string, onMessage: (payload: string) => void, onReconnect?: () => void): Promise<Subscription>;
  close(): Promise<void>;
}

export async function openDatabase(options: DatabaseOptions = {}): Promise<TadamonDatabase> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openPGlite(options.dataDir ?? './data');
}

async function openPGlite(dataDir: string): Promise<TadamonDatabase> {
  const pglite = dataDir === 'memory://' ? new PGlite() : new PGlite(dataDir);
  await pglite.waitReady;
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    kind: 'pglite',
    async listen(channel, onMessage) {
      const unlisten = await pglite.listen(channel, onMessage);
      return { close: () => (pglite.closed ? Promise.resolve() : unlisten()) };
    },
    async close() {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}

function openPostgres(connectionString: string, max: number): TadamonDatabase {
  const pool = new pg.Pool({ connectionString, max });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    listen: (channel, onMessage, onReconnect) => listenPostgres(connectionString, channel, onMessage, onReconnect),
    close: () => db.destroy(),
  };
}

/** One dedicated connection per process for LISTEN (a pooled client would lose it on release). */
async function listenPostgres(
  connectionString: string,
  channel: string,
  onMessage: (payload: string) => void,
  onReconnect?: () => void,
): Promise<Subscription> {
  let closed = false;
  let client: pg.Client | undefined;
  let retryTimer: NodeJS.Timeout | undefined;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString });
    next.on('notification', (message) => {
      if (message.channel === channel) onMessage(message.payload ?? '');
    });
    next.on('error', () => onLost(next));
    next.on('end', () => onLost(next));
    await next.connect();
    await next.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
    client = next;
  };

  const onLost = (lost: pg.Client): void => {
    if (closed || client !== lost) return;
    client = undefined;
    void lost.end().catch(() => {});
    retry();
  };

  const retry = (): void => {
    retryTimer = setTimeout(() => {
      connect().then(
        () => onReconnect?.(),
        () => !closed && retry(),
      );
    }, 1000);
    // A pending reconnect must not keep a shutting-down process alive.
    retryTimer.unref();
  };

  await connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      await client?.end().catch(() => {});
    },
  };
}
