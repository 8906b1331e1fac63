import { isDisposableEmailDomain } from 'disposable-email-domains-js';
import { domainToASCII } from 'node:url';

/** Trimmed and in Unicode NFC, so "é" typed two ways is one name. */
export function normaliseName(name: string): string {
  return name.trim().normalize('NFC');
}

/** Addresses are compared case-insensitively in practice; storing them lowercased makes "one person per shift" hold. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

// Moroccan numbers: 05 (landlines), 06 and 07 (mobiles), then 8 digits; written nationally (0…) or
// internationally (+212… or 00212…), with spaces, dots or dashes between groups.
const MOROCCAN_PHONE = /^(?:\+212|00212|0)([567]\d{8})$/;

/** E.164 (`+2126XXXXXXXX`), or undefined when the text is not a Moroccan phone number. */
export function normaliseMoroccanPhone(phone: string): string | undefined {
  const compact = phone.trim().replace(/[\s.-]/g, '');
  const match = MOROCCAN_PHONE.exec(compact);
  return match ? `+212${match[1]}` : undefined;
}

const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);
const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$/;

/**
 * A voter's identity (shared/API.md): lowercase, `+tag` removed, and for gmail.com / googlemail.com (one domain) the
 * dots removed, so the 50 ways of writing one Gmail address are one voter. Undefined when it is not an address.
 * Internationalised domains are compared in their ASCII (punycode) form.
 */
export function normaliseVoterEmail(email: string): string | undefined {
  const trimmed = email.trim().normalize('NFC').toLowerCase();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0) return undefined;
  let local = trimmed.slice(0, at);
  let domain = domainToASCII(trimmed.slice(at + 1).replace(/\.$/, ''));
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label)) || /^\d+$/.test(labels.at(-1)!)) {
    return undefined;
  }
  if (!LOCAL_PART.test(local)) return undefined;
  local = local.split('+')[0];
  if (GMAIL_DOMAINS.has(domain)) {
    // Gmail ignores dots wherever they are.
    domain = 'gmail.com';
    local = local.replaceAll('.', '');
  } else if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return undefined;
  }
  return local === '' ? undefined : `${local}@${domain}`;
}

/** Whether the address's domain, or a domain it belongs to, is on the maintained list of disposable-mail services. */
export function isDisposableEmail(normalisedEmail: string): boolean {
  const labels = normalisedEmail.slice(normalisedEmail.lastIndexOf('@') + 1).split('.');
  return labels.some(
    (_label, index) => index < labels.length - 1 && isDisposableEmailDomain(labels.slice(index).join('.')),
  );
}
