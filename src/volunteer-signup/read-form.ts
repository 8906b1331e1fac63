import type { Opportunity, SignupAnswer, SignupInput } from '../../server/src/schemas/opportunities.js';
import type { ApiError } from '../core/api/api-error.js';
import { isObject } from '../core/api/guards.js';
import type { Lang } from '../core/i18n/i18n.js';
import { isEmail, isMoroccanPhone, questionField, splitList, type FieldErrors } from './validation.js';

/** The signup the form holds, and what is wrong with it (message keys by field), checked as the server will. */
export function readForm(
  form: HTMLFormElement,
  opportunity: Opportunity,
  locale: Lang,
): { body: SignupInput; errors: FieldErrors } {
  const data = new FormData(form);
  const text = (name: string) => {
    const value = data.get(name);
    return typeof value === 'string' ? value.trim() : '';
  };
  const errors: FieldErrors = {};
  const check = (field: string, failed: boolean, message: string) => {
    if (failed && !errors[field]) errors[field] = message;
  };

  const shiftIds = data.getAll('shiftIds').map(String);
  check('shiftIds', !shiftIds.length, 'shiftRequired');
  const name = text('name');
  check('name', !name, 'required');
  check('name', name.length > 200, 'tooLong');
  const email = text('email');
  check('email', !email, 'required');
  check('email', !isEmail(email), 'email');
  const phone = text('phone');
  check('phone', phone !== '' && !isMoroccanPhone(phone), 'phone');
  const city = text('city');
  check('city', city.length > 100, 'tooLong');
  const skills = splitList(text('skills'));
  check('skills', skills.length > 30 || skills.some((skill) => skill.length > 100), 'tooLong');

  const answers: Record<string, SignupAnswer> = {};
  for (const question of opportunity.questions ?? []) {
    const field = questionField(question);
    if (question.type === 'multi') {
      const chosen = data.getAll(field).map(String);
      if (chosen.length) answers[question.id] = chosen;
      check(field, question.required && !chosen.length, 'requiredMulti');
    } else if (question.type === 'checkbox') {
      answers[question.id] = data.has(field);
      check(field, question.required && !data.has(field), 'required');
    } else {
      const value = text(field);
      if (value) answers[question.id] = value;
      check(field, question.required && !value, 'required');
      check(field, value.length > 2000, 'tooLong');
    }
  }
  check('consent', !data.has('consent'), 'consent');

  const website = text('website');
  const body: SignupInput = {
    shiftIds,
    name,
    email,
    ...(phone ? { phone } : {}),
    ...(city ? { city } : {}),
    ...(skills.length ? { skills } : {}),
    ...(Object.keys(answers).length ? { answers } : {}),
    consent: true,
    newsOptIn: data.has('newsOptIn'),
    locale,
    ...(website ? { website } : {}),
  };
  return { body, errors };
}

/** The server's `validation_failed` errors as message keys on the form's fields (`fields`, in form order). */
export function serverFieldErrors(error: ApiError, fields: string[]): FieldErrors {
  const known = new Set(fields);
  const errors: FieldErrors = {};
  const reported = Array.isArray(error.extensions.errors) ? (error.extensions.errors as unknown[]) : [];
  for (const item of reported) {
    if (!isObject(item) || typeof item.field !== 'string') continue;
    // `skills.2` → `skills`; `answers.q1` stays.
    const field = item.field.startsWith('answers.') ? item.field : item.field.split('.')[0];
    if (!known.has(field) || errors[field]) continue;
    errors[field] =
      field === 'consent'
        ? 'consent'
        : field === 'shiftIds'
          ? 'shiftRequired'
          : item.code === 'required'
            ? 'required'
            : item.code === 'too_long'
              ? 'tooLong'
              : field === 'phone' || field === 'email'
                ? field
                : 'invalid';
  }
  return errors;
}
