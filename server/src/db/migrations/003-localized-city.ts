import { sql, type Kysely } from 'kysely';

/** An association's city became `LocalizedText` (Arabic pages show Arabic place names); a plain string stays valid. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table associations alter column city type jsonb using to_jsonb(city)`.execute(db);
}
