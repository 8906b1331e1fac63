import { createHash } from 'node:crypto';
import type { FastifyPluginCallback } from 'fastify';
import type { TadamonDatabase } from '../db/database.js';
import { escapeHtml } from '../services/ballots/messages.js';

const URL_IN_TEXT = /https?:\/\/[^\s<>"]+/g;

/** Text as text, with its web links clickable. */
function linked(text: string): string {
  let html = '';
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    html += escapeHtml(text.slice(last, match.index));
    html += `<a href="${escapeHtml(match[0])}">${escapeHtml(match[0])}</a>`;
    last = match.index + match[0].length;
  }
  return html + escapeHtml(text.slice(last));
}

/** Paragraphs that wrap at 390 px (long links too), under a CSP that allows this one style sheet. */
const STYLE =
  'body{font-family:system-ui,sans-serif;max-width:42rem;margin:auto;padding:1rem}p{overflow-wrap:anywhere}';
const STYLE_HASH = createHash('sha256').update(STYLE).digest('base64');

/** A mail's text, one paragraph per line, each in its own direction (an Arabic mail reads right to left). */
const paragraphs = (text: string) =>
  text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => `<p dir="auto">${linked(line)}</p>`)
    .join('');

/**
 * `GET /dev/mailbox`: the mails the server would have sent, for trying the demo end to end without SMTP. Registered
 * only when no SMTP server is configured, and never in production mode.
 */
export const devMailboxRoutes: FastifyPluginCallback<{ database: TadamonDatabase }> = (app, { database }, done) => {
  app.get(
    '/dev/mailbox',
    { schema: { summary: 'Local mailbox of the demo (no SMTP)', tags: ['dev'] } },
    async (_request, reply) => {
      const mails = await database.db
        .selectFrom('mail_outbox')
        .select(['id', 'to_address', 'subject', 'body', 'created_at', 'sent_at'])
        .where('body', 'is not', null)
        .orderBy('id', 'desc')
        .limit(100)
        .execute();
      const items = mails
        .map(
          (mail) =>
            `<article><h2 dir="auto">${escapeHtml(mail.subject)}</h2>` +
            `<p>To: <bdi>${escapeHtml(mail.to_address ?? '')}</bdi> · ${escapeHtml(mail.created_at.toISOString())}` +
            `${mail.sent_at ? '' : ' · queued'}</p>${paragraphs(mail.body ?? '')}</article>`,
        )
        .join('<hr>');
      const html =
        '<!doctype html><html lang="en"><head><meta charset="utf-8">' +
        '<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">' +
        `<title>Tadamon dev mailbox</title><style>${STYLE}</style></head><body><h1>Tadamon dev mailbox</h1>` +
        '<p>Mails the server sent while no SMTP server is configured, newest first.</p>' +
        (items || '<p>No mail yet.</p>') +
        '</body></html>';
      return reply
        .type('text/html; charset=utf-8')
        .header(
          'content-security-policy',
          `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
        )
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', 'no-store')
        .send(html);
    },
  );
  done();
};
