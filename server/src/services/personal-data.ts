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
