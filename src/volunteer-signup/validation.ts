import type { Question } from '../../server/src/schemas/opportunities.js';

/**
 * Client-side checks mirroring the server's rules (server/src/schemas/opportunities.ts), so a visitor learns
 * of a mistake at once and in their language. The server stays the authority: its `validation_failed`
 * errors are mapped onto the same fields.
 */

/** A form field's message key by field name (`email` → `required`). */
export type FieldErrors = Record<string, string>;

/** The form field of a question. */
export const questionField = (question: Question) => `answers.${question.id}`;

/** Moroccan numbers as the server accepts them: 05/06/07…, +212…, 00212…, with spaces, dashes or dots. */
export function isMoroccanPhone(raw: string): boolean {
  return /^(?:0|\+212|00212)[5-7]\d{8}$/.test(raw.replace(/[\s.-]/g, ''));
}

/** A deliberately loose check (one @, a dot in the domain, no spaces): the server has the final word. */
export function isEmail(raw: string): boolean {
  return raw.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(raw);
}

/** "couture, cuisine، accueil" → ["couture", "cuisine", "accueil"] (Latin and Arabic commas, semicolons). */
export function splitList(raw: string): string[] {
  return raw
    .split(/[,،;\n]/)
    .map((item) => item.trim())
    .filter(Boolean);
}
