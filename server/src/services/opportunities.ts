import { createHash, randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, ShiftsTable } from '../db/types.js';
import { ProblemError, type FieldError } from '../problems.js';
import type {
  AdminOpportunity,
  Opportunity,
  OpportunityCreateInput,
  OpportunityPatchInput,
  PrivacyNotice,
  Question,
  SignupDeleteResult,
  SignupAnswer,
  SignupInput,
  SignupResult,
} from '../schemas/opportunities.js';
import { toCsv } from './csv.js';
import { canonicalJson, deleteExpired } from './idempotency.js';
import { normaliseEmail, normaliseMoroccanPhone, normaliseName } from './personal-data.js';

type Db = Kysely<Database>;

export interface LoadedOpportunity {
  opportunity: Opportunity;
  allowedOrigins: string[];
  noticeVersion: string;
}

export const opportunityNotFound = (id: string) =>
  new ProblemError(404, 'opportunity_not_found', `No opportunity "${id}".`);

/** What a consent refers to: the exact notice shown, identified by its hash. */
export function noticeVersion(privacy: PrivacyNotice): string {
  return createHash('sha256').update(canonicalJson(privacy)).digest('hex');
}

function toShift(row: Selectable<ShiftsTable>): Opportunity['shifts'][number] {
  return {
    id: row.id,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    capacity: row.capacity,
    remaining: row.capacity - row.confirmed,
    waitlist: row.waitlist,
    ...(row.place === null ? {} : { place: row.place }),
    ...(row.closed ? { closed: true } : {}),
  };
}

const RESOURCE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export async function loadOpportunity(db: Db, id: string): Promise<LoadedOpportunity | undefined> {
  // Ids come from URLs: anything that cannot be an id (NUL included, which PostgreSQL refuses) is simply unknown.
  if (!RESOURCE_ID.test(id)) return undefined;
  const row = await db
    .selectFrom('opportunities')
    .innerJoin('associations', 'associations.id', 'opportunities.association_id')
    .selectAll('opportunities')
    .select('associations.name as association_name')
    .where('opportunities.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const shifts = await db
    .selectFrom('shifts')
    .selectAll()
    .where('opportunity_id', '=', id)
    .orderBy('position')
    .execute();
  return {
    opportunity: {
      id: row.id,
      title: row.title,
      ...(row.description === null ? {} : { description: row.description }),
      association: { id: row.association_id, name: row.association_name },
      status: row.status,
      location: row.location,
      shifts: shifts.map(toShift),
      ...(row.questions === null ? {} : { questions: row.questions }),
      spamProtection: row.spam_protection,
      privacy: row.privacy,
    },
    allowedOrigins: row.allowed_origins,
    noticeVersion: row.notice_version,
  };
}

export async function getOpportunity(db: Db, id: string): Promise<Opportunity> {
  const loaded = await loadOpportunity(db, id);
  if (!loaded) throw opportunityNotFound(id);
  return loaded.opportunity;
}

function checkOpportunity(input: OpportunityCreateInput): void {
  const errors: FieldError[] = [];
  const duplicates = (ids: string[], field: string) =>
    ids.forEach((id, index) => {
      if (ids.indexOf(id) !== index) errors.push({ field: `${field}.${index}.id`, code: 'duplicate' });
    });
  duplicates(
    input.shifts.map((shift) => shift.id),
    'shifts',
  );
  input.shifts.forEach((shift, index) => {
    if (Date.parse(shift.endsAt) <= Date.parse(shift.startsAt)) {
      errors.push({ field: `shifts.${index}.endsAt`, code: 'before_start' });
    }
  });
  const questions = input.questions ?? [];
  duplicates(
    questions.map((question) => question.id),
    'questions',
  );
  questions.forEach((question, index) => {
    const options = question.options ?? [];
    if ((question.type === 'select' || question.type === 'multi') && options.length === 0) {
      errors.push({ field: `questions.${index}.options`, code: 'required' });
    }
    duplicates(
      options.map((option) => option.id),
      `questions.${index}.options`,
    );
  });
  if (errors.length > 0) throw new ProblemError(422, 'validation_failed', 'The opportunity is inconsistent.', errors);
}

/** Inserts an opportunity and its shifts; runs inside the caller's transaction. */
export async function insertOpportunity(trx: Db, input: OpportunityCreateInput): Promise<void> {
  checkOpportunity(input);
  const { association } = input;
  await trx
    .insertInto('associations')
    .values({ id: association.id, name: JSON.stringify(association.name), city: null })
    .onConflict((oc) => oc.column('id').doUpdateSet({ name: JSON.stringify(association.name) }))
    .execute();
  const inserted = await trx
    .insertInto('opportunities')
    .values({
      id: input.id,
      association_id: association.id,
      title: JSON.stringify(input.title),
      description: input.description === undefined ? null : JSON.stringify(input.description),
      status: input.status ?? 'open',
      location: JSON.stringify(input.location),
      questions: input.questions ? JSON.stringify(input.questions) : null,
      spam_protection: input.spamProtection ?? 'none',
      privacy: JSON.stringify(input.privacy),
      notice_version: noticeVersion(input.privacy),
      allowed_origins: JSON.stringify(input.allowedOrigins),
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!inserted) throw new ProblemError(409, 'opportunity_exists', `An opportunity "${input.id}" already exists.`);
  await trx
    .insertInto('shifts')
    .values(
      input.shifts.map((shift, position) => ({
        opportunity_id: input.id,
        id: shift.id,
        position,
        starts_at: new Date(shift.startsAt),
        ends_at: new Date(shift.endsAt),
        capacity: shift.capacity,
        waitlist: shift.waitlist ?? false,
        place: shift.place === undefined ? null : JSON.stringify(shift.place),
      })),
    )
    .execute();
}

export async function createOpportunity(db: Db, input: OpportunityCreateInput): Promise<Opportunity> {
  await db.transaction().execute((trx) => insertOpportunity(trx, input));
  return getOpportunity(db, input.id);
}

/** The opportunity as the admin routes show it: with the origins allowed to send signups. */
export async function getAdminOpportunity(db: Db, id: string): Promise<AdminOpportunity> {
  const loaded = await loadOpportunity(db, id);
  if (!loaded) throw opportunityNotFound(id);
  return { ...loaded.opportunity, allowedOrigins: loaded.allowedOrigins };
}

/** Changes only what `input` names; shifts are changed, added or closed (never deleted: people hold places). */
export async function updateOpportunity(db: Db, id: string, input: OpportunityPatchInput): Promise<AdminOpportunity> {
  if (!RESOURCE_ID.test(id)) throw opportunityNotFound(id);
  await db.transaction().execute(async (trx) => {
    // The row lock orders two changes of one opportunity.
    const found = await trx
      .selectFrom('opportunities')
      .select('id')
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!found) throw opportunityNotFound(id);
    if (input.shifts) await patchShifts(trx, id, input.shifts);
    const changes = {
      ...(input.title === undefined ? {} : { title: JSON.stringify(input.title) }),
      ...(input.description === undefined
        ? {}
        : { description: input.description === null ? null : JSON.stringify(input.description) }),
      ...(input.status === undefined ? {} : { status: input.status }),
      ...(input.allowedOrigins === undefined ? {} : { allowed_origins: JSON.stringify(input.allowedOrigins) }),
    };
    if (Object.keys(changes).length > 0) {
      await trx.updateTable('opportunities').set(changes).where('id', '=', id).execute();
    }
  });
  return getAdminOpportunity(db, id);
}

async function patchShifts(trx: Db, opportunityId: string, patches: NonNullable<OpportunityPatchInput['shifts']>) {
  const existing = await trx
    .selectFrom('shifts')
    .selectAll()
    .where('opportunity_id', '=', opportunityId)
    .orderBy('id')
    .forUpdate()
    .execute();
  const byId = new Map(existing.map((shift) => [shift.id, shift]));
  const errors: FieldError[] = [];
  patches.forEach((patch, index) => {
    const field = `shifts.${index}`;
    if (patches.findIndex((other) => other.id === patch.id) !== index)
      errors.push({ field: `${field}.id`, code: 'duplicate' });
    const shift = byId.get(patch.id);
    if (shift) {
      // People signed up for this time and this rule: moving the shift is a new shift and a message to them.
      for (const name of ['startsAt', 'endsAt', 'waitlist'] as const) {
        if (patch[name] !== undefined) errors.push({ field: `${field}.${name}`, code: 'read_only' });
      }
      if (patch.capacity !== undefined && patch.capacity < shift.confirmed) {
        errors.push({ field: `${field}.capacity`, code: 'below_confirmed' });
      }
      return;
    }
    for (const name of ['startsAt', 'endsAt', 'capacity'] as const) {
      if (patch[name] === undefined) errors.push({ field: `${field}.${name}`, code: 'required' });
    }
    if (patch.startsAt && patch.endsAt && Date.parse(patch.endsAt) <= Date.parse(patch.startsAt)) {
      errors.push({ field: `${field}.endsAt`, code: 'before_start' });
    }
  });
  if (errors.length > 0) throw new ProblemError(422, 'validation_failed', 'The shifts are inconsistent.', errors);

  let position = Math.max(-1, ...existing.map((shift) => shift.position));
  for (const patch of patches) {
    const shift = byId.get(patch.id);
    if (!shift) {
      await trx
        .insertInto('shifts')
        .values({
          opportunity_id: opportunityId,
          id: patch.id,
          position: ++position,
          starts_at: new Date(patch.startsAt!),
          ends_at: new Date(patch.endsAt!),
          capacity: patch.capacity!,
          waitlist: patch.waitlist ?? false,
          place: patch.place === undefined ? null : JSON.stringify(patch.place),
          closed: patch.closed ?? false,
        })
        .execute();
      continue;
    }
    const changes = {
      ...(patch.capacity === undefined ? {} : { capacity: patch.capacity }),
      ...(patch.place === undefined ? {} : { place: JSON.stringify(patch.place) }),
      ...(patch.closed === undefined ? {} : { closed: patch.closed }),
    };
    if (Object.keys(changes).length === 0) continue;
    await trx
      .updateTable('shifts')
      .set(changes)
      .where('opportunity_id', '=', opportunityId)
      .where('id', '=', patch.id)
      .execute();
    // New places go to the people already waiting, in their order, before any new signup.
    for (let free = (patch.capacity ?? shift.capacity) - shift.confirmed; free > 0; free--) {
      if (!(await promoteNextWaitlisted(trx, opportunityId, patch.id))) break;
    }
  }
}

/** A signup's personal data, normalised and checked against the opportunity. */
export interface CheckedSignup {
  shiftIds: string[];
  name: string;
  email: string;
  phone: string | null;
  city: string | null;
  skills: string[] | null;
  answers: Record<string, SignupAnswer> | null;
  newsOptIn: boolean;
  locale: string;
}

function checkAnswers(questions: Question[], answers: Record<string, SignupAnswer>): FieldError[] {
  const errors: FieldError[] = [];
  const byId = new Map(questions.map((question) => [question.id, question]));
  for (const id of Object.keys(answers)) {
    if (!byId.has(id)) errors.push({ field: `answers.${id}`, code: 'unknown_question' });
  }
  for (const question of questions) {
    const field = `answers.${question.id}`;
    const value = Object.hasOwn(answers, question.id) ? answers[question.id] : undefined;
    const options = new Set((question.options ?? []).map((option) => option.id));
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
      if (question.required) errors.push({ field, code: 'required' });
    } else if (question.type === 'multi') {
      if (!Array.isArray(value)) errors.push({ field, code: 'invalid_type' });
      else if (!value.every((id) => options.has(id))) errors.push({ field, code: 'invalid_option' });
    } else if (question.type === 'checkbox') {
      if (typeof value !== 'boolean') errors.push({ field, code: 'invalid_type' });
      // Like HTML's required checkbox: it has to be ticked.
      else if (question.required && !value) errors.push({ field, code: 'required' });
    } else if (typeof value !== 'string') {
      errors.push({ field, code: 'invalid_type' });
    } else if (question.type === 'select' && !options.has(value)) {
      errors.push({ field, code: 'invalid_option' });
    } else if (question.required && value.trim() === '') {
      errors.push({ field, code: 'required' });
    }
  }
  return errors;
}

/** Everything that can be checked without the database's current state; throws 422 with per-field errors. */
export function checkSignup(opportunity: Opportunity, input: SignupInput): CheckedSignup {
  const errors: FieldError[] = [];
  const known = new Set(opportunity.shifts.map((shift) => shift.id));
  input.shiftIds.forEach((id, index) => {
    if (!known.has(id)) errors.push({ field: `shiftIds.${index}`, code: 'unknown_shift' });
  });
  const name = normaliseName(input.name);
  if (name === '') errors.push({ field: 'name', code: 'required' });
  let phone: string | null = null;
  if (input.phone !== undefined && input.phone.trim() !== '') {
    phone = normaliseMoroccanPhone(input.phone) ?? null;
    if (phone === null) errors.push({ field: 'phone', code: 'invalid_phone' });
  }
  const answers = input.answers ?? {};
  errors.push(...checkAnswers(opportunity.questions ?? [], answers));
  if (errors.length > 0) throw new ProblemError(422, 'validation_failed', 'Some fields are not valid.', errors);
  const city = input.city?.trim().normalize('NFC');
  const skills = input.skills?.map((skill) => skill.trim().normalize('NFC')).filter(Boolean);
  return {
    shiftIds: input.shiftIds,
    name,
    email: normaliseEmail(input.email),
    phone,
    city: city ? city : null,
    skills: skills && skills.length > 0 ? skills : null,
    answers: Object.keys(answers).length > 0 ? answers : null,
    newsOptIn: input.newsOptIn ?? false,
    locale: input.locale,
  };
}

/** What the honeypot answers: looks like a success, stores nothing. */
export function fakeSignupResult(shiftIds: string[]): SignupResult {
  return {
    id: randomUUID(),
    status: 'confirmed',
    shifts: shiftIds.map((id) => ({ id, status: 'confirmed' as const })),
  };
}

export interface ConsentContext {
  origin: string;
  noticeVersion: string;
}

/**
 * Takes a place (or a waitlist number) on every requested shift, or none: runs inside the caller's
 * transaction, and any problem thrown rolls everything back. Shifts are locked in id order, so two
 * multi-shift signups cannot deadlock.
 */
export async function insertSignup(
  trx: Db,
  opportunity: Opportunity,
  signup: CheckedSignup,
  consent: ConsentContext,
  now = new Date(),
): Promise<SignupResult> {
  if (opportunity.status !== 'open') {
    throw new ProblemError(409, 'opportunity_closed', 'This opportunity no longer takes signups.');
  }
  const shiftsById = new Map(opportunity.shifts.map((shift) => [shift.id, shift]));
  const closed = signup.shiftIds.filter((id) => {
    const shift = shiftsById.get(id);
    return !shift || shift.closed === true || Date.parse(shift.startsAt) <= now.getTime();
  });
  if (closed.length > 0) {
    throw new ProblemError(409, 'shift_closed', 'Some shifts have started or were closed.', undefined, {
      shiftIds: closed,
    });
  }

  const taken = new Map<string, { status: 'confirmed' | 'waitlisted'; number: number | null }>();
  const full: string[] = [];
  for (const shiftId of [...signup.shiftIds].sort()) {
    const place = await takePlace(trx, opportunity.id, shiftId);
    if (place) taken.set(shiftId, place);
    else full.push(shiftId);
  }
  if (full.length > 0) {
    throw new ProblemError(409, 'shift_full', 'Some shifts have no place left.', undefined, {
      shiftIds: signup.shiftIds.filter((id) => full.includes(id)),
    });
  }

  const allConfirmed = [...taken.values()].every((place) => place.status === 'confirmed');
  const { id } = await trx
    .insertInto('signups')
    .values({
      opportunity_id: opportunity.id,
      status: allConfirmed ? 'confirmed' : 'waitlisted',
      name: signup.name,
      email: signup.email,
      phone: signup.phone,
      city: signup.city,
      skills: signup.skills ? JSON.stringify(signup.skills) : null,
      answers: signup.answers ? JSON.stringify(signup.answers) : null,
      news_opt_in: signup.newsOptIn,
      consent_at: now,
      notice_version: consent.noticeVersion,
      consent_origin: consent.origin,
      locale: signup.locale,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // One person (same email, or same phone) holds one place per shift; the unique indexes decide.
  const inserted = await trx
    .insertInto('signup_shifts')
    .values(
      signup.shiftIds.map((shiftId) => ({
        signup_id: id,
        opportunity_id: opportunity.id,
        shift_id: shiftId,
        status: taken.get(shiftId)!.status,
        waitlist_number: taken.get(shiftId)!.number,
        email: signup.email,
        phone: signup.phone,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .returning('shift_id')
    .execute();
  if (inserted.length !== signup.shiftIds.length) {
    const done = new Set(inserted.map((row) => row.shift_id));
    throw new ProblemError(409, 'already_signed_up', 'This person is already signed up for these shifts.', undefined, {
      shiftIds: signup.shiftIds.filter((shiftId) => !done.has(shiftId)),
    });
  }

  const shifts: SignupResult['shifts'] = [];
  for (const shiftId of signup.shiftIds) {
    const place = taken.get(shiftId)!;
    if (place.status === 'confirmed') {
      shifts.push({ id: shiftId, status: 'confirmed' });
      continue;
    }
    const ahead = await trx
      .selectFrom('signup_shifts')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('opportunity_id', '=', opportunity.id)
      .where('shift_id', '=', shiftId)
      .where('status', '=', 'waitlisted')
      .where('waitlist_number', '<', place.number)
      .executeTakeFirstOrThrow();
    shifts.push({ id: shiftId, status: 'waitlisted', position: Number(ahead.count) + 1 });
  }
  return { id, status: allConfirmed ? 'confirmed' : 'waitlisted', shifts };
}

/**
 * A confirmed place when one is left, else the next waitlist number when the shift has a waitlist,
 * else undefined. Both UPDATEs are conditional and hold the shift's row lock until commit, so
 * concurrent signups are counted one after the other and capacity is never exceeded.
 */
async function takePlace(
  trx: Db,
  opportunityId: string,
  shiftId: string,
): Promise<{ status: 'confirmed' | 'waitlisted'; number: number | null } | undefined> {
  // A place freed between the two statements sends us round again (bounded: it needs a deletion each time).
  for (let attempt = 0; attempt < 5; attempt++) {
    const confirmed = await trx
      .updateTable('shifts')
      .set({ confirmed: sql<number>`confirmed + 1` })
      .where('opportunity_id', '=', opportunityId)
      .where('id', '=', shiftId)
      .where(sql<boolean>`confirmed < capacity`)
      .returning('id')
      .executeTakeFirst();
    if (confirmed) return { status: 'confirmed', number: null };
    const waitlisted = await trx
      .updateTable('shifts')
      .set({ waitlist_seq: sql<number>`waitlist_seq + 1` })
      .where('opportunity_id', '=', opportunityId)
      .where('id', '=', shiftId)
      .where('waitlist', '=', true)
      .where(sql<boolean>`confirmed >= capacity`)
      .returning(['waitlist_seq'])
      .executeTakeFirst();
    if (waitlisted) return { status: 'waitlisted', number: Number(waitlisted.waitlist_seq) };
    const shift = await trx
      .selectFrom('shifts')
      .select(['waitlist', 'confirmed', 'capacity'])
      .where('opportunity_id', '=', opportunityId)
      .where('id', '=', shiftId)
      .executeTakeFirst();
    if (!shift || !shift.waitlist) return undefined;
  }
  return undefined;
}

/**
 * Deletes a signup and gives each confirmed place it held to the first person on that shift's
 * waitlist (lowest waitlist number, i.e. arrival order).
 */
export async function deleteSignup(db: Db, signupId: string): Promise<SignupDeleteResult> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(signupId)) {
    throw new ProblemError(404, 'signup_not_found', `No signup "${signupId}".`);
  }
  return db.transaction().execute(async (trx) => {
    const places = await trx
      .deleteFrom('signup_shifts')
      .where('signup_id', '=', signupId)
      .returning(['opportunity_id', 'shift_id', 'status'])
      .execute();
    const deleted = await trx.deleteFrom('signups').where('id', '=', signupId).returning('id').executeTakeFirst();
    if (!deleted) throw new ProblemError(404, 'signup_not_found', `No signup "${signupId}".`);
    const promoted: SignupDeleteResult['promoted'] = [];
    const freed = places
      .filter((place) => place.status === 'confirmed')
      .sort((a, b) => (a.shift_id < b.shift_id ? -1 : 1));
    for (const place of freed) {
      // Locking the shift row first: no signup can join its waitlist until we commit.
      await trx
        .updateTable('shifts')
        .set({ confirmed: sql<number>`confirmed - 1` })
        .where('opportunity_id', '=', place.opportunity_id)
        .where('id', '=', place.shift_id)
        .execute();
      const next = await promoteNextWaitlisted(trx, place.opportunity_id, place.shift_id);
      if (!next) continue;
      promoted.push({ signupId: next, shiftId: place.shift_id });
    }
    return { id: signupId, promoted };
  });
}

/**
 * Gives a free place of the shift to its first waitlisted person (lowest waitlist number, i.e. arrival order); that
 * signup is confirmed once none of its shifts is waitlisted. The caller holds the shift's row lock. Returns the
 * promoted signup's id, or undefined when nobody waits.
 */
async function promoteNextWaitlisted(trx: Db, opportunityId: string, shiftId: string): Promise<string | undefined> {
  const next = await trx
    .selectFrom('signup_shifts')
    .select('signup_id')
    .where('opportunity_id', '=', opportunityId)
    .where('shift_id', '=', shiftId)
    .where('status', '=', 'waitlisted')
    .orderBy('waitlist_number')
    .limit(1)
    .executeTakeFirst();
  if (!next) return undefined;
  await trx
    .updateTable('signup_shifts')
    .set({ status: 'confirmed', waitlist_number: null })
    .where('signup_id', '=', next.signup_id)
    .where('shift_id', '=', shiftId)
    .execute();
  await trx
    .updateTable('shifts')
    .set({ confirmed: sql<number>`confirmed + 1` })
    .where('opportunity_id', '=', opportunityId)
    .where('id', '=', shiftId)
    .execute();
  await trx
    .updateTable('signups')
    .set({ status: 'confirmed' })
    .where('id', '=', next.signup_id)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('signup_shifts')
            .select('shift_id')
            .where('signup_id', '=', next.signup_id)
            .where('status', '=', 'waitlisted'),
        ),
      ),
    )
    .execute();
  return next.signup_id;
}

/** One line per signup and shift, for the organisers' spreadsheet. */
export async function signupsCsv(db: Db, opportunityId: string): Promise<string> {
  const loaded = await loadOpportunity(db, opportunityId);
  if (!loaded) throw opportunityNotFound(opportunityId);
  const questions = loaded.opportunity.questions ?? [];
  const rows = await db
    .selectFrom('signup_shifts')
    .innerJoin('signups', 'signups.id', 'signup_shifts.signup_id')
    .innerJoin('shifts', (join) =>
      join
        .onRef('shifts.opportunity_id', '=', 'signup_shifts.opportunity_id')
        .onRef('shifts.id', '=', 'signup_shifts.shift_id'),
    )
    .select([
      'signups.id',
      'signups.created_at',
      'signups.status as signup_status',
      'signup_shifts.shift_id',
      'shifts.starts_at',
      'signup_shifts.status as shift_status',
      'signup_shifts.waitlist_number',
      'signups.name',
      'signups.email',
      'signups.phone',
      'signups.city',
      'signups.skills',
      'signups.answers',
      'signups.news_opt_in',
      'signups.consent_at',
      'signups.notice_version',
      'signups.consent_origin',
      'signups.locale',
      'signups.purged_at',
    ])
    .where('signup_shifts.opportunity_id', '=', opportunityId)
    .orderBy('shifts.position')
    .orderBy('signup_shifts.status')
    .orderBy('signup_shifts.waitlist_number')
    .orderBy('signups.created_at')
    .execute();
  const header = [
    'signup_id',
    'signed_up_at',
    'signup_status',
    'shift_id',
    'shift_starts_at',
    'shift_status',
    'waitlist_number',
    'name',
    'email',
    'phone',
    'city',
    'skills',
    ...questions.map((question) => `answer:${question.id}`),
    'news_opt_in',
    'consent_at',
    'notice_version',
    'consent_origin',
    'locale',
    'purged_at',
  ];
  return toCsv([
    header,
    ...rows.map((row) => [
      row.id,
      row.created_at.toISOString(),
      row.signup_status,
      row.shift_id,
      row.starts_at.toISOString(),
      row.shift_status,
      row.waitlist_number === null ? null : Number(row.waitlist_number),
      row.name,
      row.email,
      row.phone,
      row.city,
      row.skills?.join('; '),
      ...questions.map((question) => {
        const answer = row.answers?.[question.id];
        return Array.isArray(answer) ? answer.join('; ') : answer;
      }),
      row.news_opt_in,
      row.consent_at.toISOString(),
      row.notice_version,
      row.consent_origin,
      row.locale,
      row.purged_at?.toISOString(),
    ]),
  ]);
}

/**
 * Erases the personal data (name, email, phone, city, skills, answers) of signups whose last shift
 * ended more than `months` ago (default: each opportunity's `privacy.retentionMonths`). The rows, their
 * statuses and the shift counts stay, so the numbers remain true; expired idempotency keys and used
 * challenges go too.
 */
export async function purgePersonalData(db: Db, months?: number) {
  const anonymised = await db.transaction().execute(async (trx) => {
    const retention =
      months === undefined ? sql`(opportunities.privacy->>'retentionMonths')::int` : sql`${months}::int`;
    const { rows } = await sql<{ id: string }>`
      update signups set name = null, email = null, phone = null, city = null, skills = null, answers = null,
        purged_at = now()
      from opportunities
      where opportunities.id = signups.opportunity_id
        and signups.purged_at is null
        and (select max(shifts.ends_at) from signup_shifts
             join shifts on shifts.opportunity_id = signup_shifts.opportunity_id and shifts.id = signup_shifts.shift_id
             where signup_shifts.signup_id = signups.id) < now() - make_interval(months => ${retention})
      returning signups.id
    `.execute(trx);
    // The identity copies that enforce "one place per person" go as well.
    await trx
      .updateTable('signup_shifts')
      .set({ email: null, phone: null })
      .where('email', 'is not', null)
      .where('signup_id', 'in', (eb) => eb.selectFrom('signups').select('id').where('purged_at', 'is not', null))
      .execute();
    return rows.length;
  });
  const expired = await deleteExpired(db);
  return {
    anonymisedSignups: anonymised,
    expiredIdempotencyKeys: expired.keys,
    expiredChallenges: expired.challenges,
  };
}
