import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { ProblemError, type FieldError } from '../../problems.js';
import type {
  Opportunity,
  Question,
  SignupDeleteResult,
  SignupAnswer,
  SignupInput,
  SignupResult,
} from '../../schemas/opportunities.js';
import { normaliseEmail, normaliseMoroccanPhone, normaliseName } from '../personal-data.js';
import type { Db } from './reading.js';

declare module '../../problems.js' {
  interface ProblemExtensions {
    /** Of `shift_full`, `shift_closed` and `already_signed_up`: the shifts concerned. */
    shiftIds?: string[];
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

const signupNotFound = (id: string) => new ProblemError(404, 'signup_not_found', `No signup "${id}".`);

/**
 * Deletes a signup and gives each confirmed place it held to the first person on that shift's
 * waitlist (lowest waitlist number, i.e. arrival order).
 */
export async function deleteSignup(db: Db, signupId: string): Promise<SignupDeleteResult> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(signupId)) {
    throw signupNotFound(signupId);
  }
  return db.transaction().execute(async (trx) => {
    const places = await trx
      .deleteFrom('signup_shifts')
      .where('signup_id', '=', signupId)
      .returning(['opportunity_id', 'shift_id', 'status'])
      .execute();
    const deleted = await trx.deleteFrom('signups').where('id', '=', signupId).returning('id').executeTakeFirst();
    if (!deleted) throw signupNotFound(signupId);
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
export async function promoteNextWaitlisted(
  trx: Db,
  opportunityId: string,
  shiftId: string,
): Promise<string | undefined> {
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
