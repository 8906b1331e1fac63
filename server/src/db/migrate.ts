import type { Kysely } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import * as m001 from './migrations/001-campaigns.js';
import * as m002 from './migrations/002-opportunities.js';
import * as m003 from './migrations/003-localized-city.js';
import * as m004 from './migrations/004-shift-closed.js';
import * as m005 from './migrations/005-ballots.js';

// A static list rather than a folder scan: works the same under tsx, a bundler or compiled output.
const migrations: Record<string, Migration> = {
  '001-campaigns': m001,
  '002-opportunities': m002,
  '003-localized-city': m003,
  '004-shift-closed': m004,
  '005-ballots': m005,
};

export async function migrateToLatest(db: Kysely<unknown>): Promise<void> {
  const migrator = new Migrator({ db, provider: { getMigrations: () => Promise.resolve(migrations) } });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error !== undefined || failed) {
    throw new Error(`migration ${failed?.migrationName ?? ''} failed`, { cause: error });
  }
}
