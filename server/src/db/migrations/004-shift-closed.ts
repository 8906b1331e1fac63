import { sql, type Kysely } from 'kysely';

/** An organiser can close one shift (the bus is cancelled) while the others keep taking signups. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table shifts add column closed boolean not null default false`.execute(db);
}
