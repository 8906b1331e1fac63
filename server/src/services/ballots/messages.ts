import { createHash } from 'node:crypto';

/** The languages of confirmation mails and pages; any other locale gets French. */
export type Language = 'ar' | 'fr' | 'en' | 'zgh';

export function languageOf(locale: string | undefined): Language {
  const base = (locale ?? '').toLowerCase().split('-')[0];
  return base === 'ar' || base === 'en' || base === 'zgh' ? base : 'fr';
}

interface Texts {
  subject: string;
  mail: string;
  pageTitle: string;
  intro: string;
  button: string;
  counted: string;
  receipts: string;
  alreadyCounted: string;
  /** Between a label and its value: French puts a narrow no-break space before the colon. */
  colon: string;
  receiptHint: string;
  token_expired: string;
  token_not_found: string;
  ballot_not_open: string;
}

// `{title}` and `{link}` are replaced; everything is inserted as text.
const TEXTS: Record<Language, Texts> = {
  fr: {
    subject: 'Confirmez votre vote : {title}',
    mail:
      'Bonjour,\n\nVous avez voté pour « {title} ». Votre vote compte une fois confirmé : ouvrez ce lien dans les ' +
      '48 heures, puis appuyez sur le bouton « Confirmer mon vote ».\n\n{link}\n\nSi vous n’avez pas voté, ignorez ' +
      'ce message : rien ne sera compté.\n',
    pageTitle: 'Confirmer votre vote',
    intro: 'Votre vote pour « {title} » compte une fois confirmé.',
    button: 'Confirmer mon vote',
    counted: 'Merci, votre vote est confirmé.',
    receipts: 'Vos reçus (pour retrouver votre vote dans le registre publié avec les résultats) :',
    alreadyCounted: 'déjà compté',
    colon: '\u202f: ',
    receiptHint: 'Gardez ces reçus : ils ne disent à personne pour qui vous avez voté.',
    token_expired: 'Ce lien a expiré. Votez à nouveau pour recevoir un nouveau lien.',
    token_not_found: 'Ce lien n’est pas valide.',
    ballot_not_open: 'Le vote est clos : ce vote ne peut plus être compté.',
  },
  ar: {
    subject: 'أكّد تصويتك: {title}',
    mail:
      'مرحبًا،\n\nلقد صوّتّ في «{title}». يُحتسب صوتك بعد تأكيده: افتح هذا الرابط خلال 48 ساعة، ثم اضغط على زر ' +
      '«أؤكد تصويتي».\n\n{link}\n\nإن لم تصوّت، تجاهل هذه الرسالة: لن يُحتسب أي شيء.\n',
    pageTitle: 'تأكيد التصويت',
    intro: 'يُحتسب صوتك في «{title}» بعد تأكيده.',
    button: 'أؤكد تصويتي',
    counted: 'شكرًا، تم تأكيد تصويتك.',
    receipts: 'إيصالاتك (للعثور على صوتك في السجل المنشور مع النتائج):',
    alreadyCounted: 'سبق احتسابه',
    colon: ': ',
    receiptHint: 'احتفظ بهذه الإيصالات: لا تكشف لأحد لمن صوّتّ.',
    token_expired: 'انتهت صلاحية هذا الرابط. صوّت من جديد لتتلقى رابطًا جديدًا.',
    token_not_found: 'هذا الرابط غير صالح.',
    ballot_not_open: 'التصويت مغلق: لم يعد من الممكن احتساب هذا الصوت.',
  },
  en: {
    subject: 'Confirm your vote: {title}',
    mail:
      'Hello,\n\nYou voted in “{title}”. Your vote counts once confirmed: open this link within 48 hours, then press ' +
      'the “Confirm my vote” button.\n\n{link}\n\nIf you did not vote, ignore this message: nothing will be counted.\n',
    pageTitle: 'Confirm your vote',
    intro: 'Your vote in “{title}” counts once confirmed.',
    button: 'Confirm my vote',
    counted: 'Thank you, your vote is confirmed.',
    receipts: 'Your receipts (to find your vote in the ledger published with the results):',
    alreadyCounted: 'already counted',
    colon: ': ',
    receiptHint: 'Keep these receipts: they tell nobody whom you voted for.',
    token_expired: 'This link has expired. Vote again to receive a new link.',
    token_not_found: 'This link is not valid.',
    ballot_not_open: 'Voting has closed: this vote can no longer be counted.',
  },
  zgh: {
    subject: 'ⵙⵏⵜⵎ ⴰⴼⵔⴰⵏ ⵏⵏⴽ: {title}',
    mail:
      'ⴰⵣⵓⵍ,\n\nⵜⴼⵔⵏⴷ ⴳ «{title}». ⴰⴼⵔⴰⵏ ⵏⵏⴽ ⴰⴷ ⵉⵜⵜⵓⵙⵉⵜⵜⵉ ⵎⵍⵎⵉ ⵜⵙⵏⵜⵎⴷ ⵜ: ⵕⵥⵎ ⴰⵙⵖⵏ ⴰⴷ ⴳ 48 ⵏ ⵜⵙⵔⴰⴳⵉⵏ, ⵜⵙⵙⵏⵜⵎⴷ ' +
      '«ⵙⵏⵜⵎ ⴰⴼⵔⴰⵏ ⵉⵏⵓ».\n\n{link}\n\nⵎⴰⵔ ⵓⵔ ⵜⴼⵔⵏⴷ, ⴰⴷⵊ ⵜⴰⴱⵔⴰⵜ ⴰⴷ: ⵓⵔ ⵉⵜⵜⵓⵙⵉⵜⵜⵉ ⴽⵔⴰ.\n',
    pageTitle: 'ⵙⵏⵜⵎ ⴰⴼⵔⴰⵏ ⵏⵏⴽ',
    intro: 'ⴰⴼⵔⴰⵏ ⵏⵏⴽ ⴳ «{title}» ⴰⴷ ⵉⵜⵜⵓⵙⵉⵜⵜⵉ ⵎⵍⵎⵉ ⵜⵙⵏⵜⵎⴷ ⵜ.',
    button: 'ⵙⵏⵜⵎ ⴰⴼⵔⴰⵏ ⵉⵏⵓ',
    counted: 'ⵜⴰⵏⵎⵎⵉⵔⵜ, ⵉⵜⵜⵓⵙⵏⵜⵎ ⵓⴼⵔⴰⵏ ⵏⵏⴽ.',
    receipts: 'ⵜⵉⵡⵚⵍⵉⵏ ⵏⵏⴽ:',
    alreadyCounted: 'ⵉⵜⵜⵓⵙⵉⵜⵜⵉ ⵢⴰⴷ',
    colon: ': ',
    receiptHint: 'ⵃⴹⵓ ⵜⵉⵡⵚⵍⵉⵏ ⴰⴷ.',
    token_expired: 'ⵉⴽⵎⵍ ⵓⵣⵎⵣ ⵏ ⵓⵙⵖⵏ ⴰⴷ. ⴼⵔⵏ ⴷⴰⵖ ⴰⴷ ⴷ ⵉⴷⴷⵓ ⵓⵙⵖⵏ ⴰⵎⴰⵢⵏⵓ.',
    token_not_found: 'ⴰⵙⵖⵏ ⴰⴷ ⵓⵔ ⵉⵖⵓⴷⴰ.',
    ballot_not_open: 'ⵉⵜⵜⵓⵇⵇⵏ ⵓⴼⵔⴰⵏ: ⵓⵔ ⵉⵣⵎⵉⵔ ⴰⴷ ⵉⵜⵜⵓⵙⵉⵜⵜⵉ.',
  },
};

export type ProblemCode = 'token_expired' | 'token_not_found' | 'ballot_not_open';

const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);

export function confirmationMail(language: Language, title: string, link: string): { subject: string; text: string } {
  const texts = TEXTS[language];
  return { subject: fill(texts.subject, { title }), text: fill(texts.mail, { title, link }) };
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (character) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[character]!,
  );

const STYLE =
  'body{font:1.0625rem/1.5 system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}' +
  'button{font:inherit;padding:.75rem 1.5rem;border-radius:.5rem;border:0;background:#0b6e4f;color:#fff;cursor:pointer}' +
  'button:focus-visible{outline:3px solid #1b1b1b;outline-offset:2px}code{font-size:1.125rem}';
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/** No script, no outside resource; the only form posts to the API itself, and nobody may frame the page. */
export const PAGE_CSP =
  `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; form-action 'self'; base-uri 'none'; ` +
  "frame-ancestors 'none'";

function page(language: Language, heading: string, body: string): string {
  const dir = language === 'ar' ? 'rtl' : 'ltr';
  return (
    `<!doctype html><html lang="${language}" dir="${dir}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">' +
    `<title>${escapeHtml(heading)}</title><style>${STYLE}</style></head>` +
    `<body><main><h1>${escapeHtml(heading)}</h1>${body}</main></body></html>`
  );
}

/** The page the mailed link opens: one button that POSTs the token. A GET never confirms anything. */
export function confirmPage(language: Language, title: string, token: string): string {
  const texts = TEXTS[language];
  return page(
    language,
    texts.pageTitle,
    `<p>${escapeHtml(fill(texts.intro, { title }))}</p>` +
      '<form method="post" action="confirmations">' +
      `<input type="hidden" name="token" value="${escapeHtml(token)}">` +
      `<button type="submit">${escapeHtml(texts.button)}</button></form>`,
  );
}

export function problemPage(language: Language, code: ProblemCode): string {
  const texts = TEXTS[language];
  return page(language, texts.pageTitle, `<p>${escapeHtml(texts[code])}</p>`);
}

/** After confirming: each selection's category with its receipt, or "already counted". */
export function countedPage(language: Language, selections: { category: string; receipt?: string }[]): string {
  const texts = TEXTS[language];
  const items = selections
    .map(
      ({ category, receipt }) =>
        `<li>${escapeHtml(category)}${texts.colon}${receipt ? `<code dir="ltr">${escapeHtml(receipt)}</code>` : escapeHtml(texts.alreadyCounted)}</li>`,
    )
    .join('');
  return page(
    language,
    texts.pageTitle,
    `<p>${escapeHtml(texts.counted)}</p><p>${escapeHtml(texts.receipts)}</p><ul>${items}</ul>` +
      `<p>${escapeHtml(texts.receiptHint)}</p>`,
  );
}

export { escapeHtml };
