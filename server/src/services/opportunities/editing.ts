import { ProblemError, type FieldError } from '../../problems.js';
import type {
  AdminOpportunity,
  Opportunity,
  OpportunityCreateInput,
  OpportunityPatchInput,
} from '../../schemas/opportunities.js';
import {
  getAdminOpportunity,
  getOpportunity,
  noticeVersion,
  opportunityNotFound,
  RESOURCE_ID,
  type Db,
} from './reading.js';
import { jsonColumn, namedColumns } from '../columns.js';
import { promoteNextWaitlisted } from './signups.js';

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
    const changes = namedColumns({
      title: jsonColumn(input.title),
      description: jsonColumn(input.description),
      status: input.status,
      allowed_origins: jsonColumn(input.allowedOrigins),
    });
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
          place: jsonColumn(patch.place) ?? null,
          closed: patch.closed ?? false,
        })
        .execute();
      continue;
    }
    const changes = namedColumns({ capacity: patch.capacity, place: jsonColumn(patch.place), closed: patch.closed });
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
