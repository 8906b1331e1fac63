import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { enqueueMail, MailOutbox, smtpTransport } from '../../server/src/services/mail.js';
import { readSettings } from '../../server/src/settings.js';
import { createBallot, newBallot, postVote, solved, voteBody } from './ballot-helper.js';
import { backends, testApp, type TestDatabase } from './helper.js';

interface Received {
  from: string;
  to: string[];
  data: string;
}

/** A local SMTP server (no TLS, no auth) that keeps what it receives. */
async function startSmtp(port = 0): Promise<{ server: SMTPServer; port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let data = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (data += chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          data,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.server.address();
  return { server, port: typeof address === 'object' && address ? address.port : port, received };
}

/** A port nothing listens on (for now). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

const closeSmtp = (server: SMTPServer) => new Promise<void>((resolve) => server.close(() => resolve()));

/** Quoted-printable soft line breaks and escapes undone, enough to find a link in a received mail. */
const decoded = (data: string) =>
  data
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_whole, hex: string) => String.fromCharCode(parseInt(hex, 16)));

for (const backend of backends) {
  describe(`mail outbox over SMTP on ${backend.name}`, { skip: backend.skip }, () => {
    let db: TestDatabase;
    before(async () => {
      db = await backend.open();
    });
    after(() => db?.close());

    test('a refused connection is retried with backoff, then the mail is delivered once and its address erased', async () => {
      const port = await freePort();
      const outbox = new MailOutbox(db.database.db, {
        transport: smtpTransport(`smtp://127.0.0.1:${port}`, 'Prix <vote@example.org>'),
        retryBaseMs: 200,
      });
      await enqueueMail(db.database.db, { to: 'itto@example.ma', subject: 'Confirmez', text: 'Lien : https://x/y' });
      assert.equal(await outbox.drain(), 0);
      const failed = await db.database.db.selectFrom('mail_outbox').selectAll().executeTakeFirstOrThrow();
      assert.equal(failed.attempts, 1);
      assert.equal(failed.sent_at, null);
      assert.match(failed.last_error ?? '', /ECONNREFUSED|connect/i);
      assert.ok(failed.next_attempt_at.getTime() > Date.now(), 'the retry waits');
      // Not due yet: nothing is attempted.
      assert.equal(await outbox.drain(), 0);
      assert.equal(
        (await db.database.db.selectFrom('mail_outbox').select('attempts').executeTakeFirstOrThrow()).attempts,
        1,
      );

      const smtp = await startSmtp(port);
      try {
        await new Promise((resolve) => setTimeout(resolve, 250));
        assert.equal(await outbox.drain(), 1);
        assert.equal(smtp.received.length, 1);
        assert.deepEqual(smtp.received[0].to, ['itto@example.ma']);
        assert.equal(smtp.received[0].from, 'vote@example.org');
        assert.match(smtp.received[0].data, /Subject: Confirmez/);
        const sent = await db.database.db.selectFrom('mail_outbox').selectAll().executeTakeFirstOrThrow();
        assert.ok(sent.sent_at);
        assert.equal(sent.attempts, 2);
        assert.equal(sent.to_address, null, 'the address goes once the mail is sent');
        assert.equal(sent.body, null);
        assert.equal(await outbox.drain(), 0, 'sent once');
        assert.equal(smtp.received.length, 1);
      } finally {
        await outbox.stop();
        await closeSmtp(smtp.server);
      }
    });

    test('a vote’s mail goes out through SMTP from the worker, with the confirmation link; no dev mailbox', async () => {
      const smtp = await startSmtp();
      const app = await testApp(db.database, {
        mail: { smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: 'Prix <vote@example.org>', pollMs: 50 },
      });
      try {
        await createBallot(app, newBallot('smtp-ballot'));
        const vote = await postVote(app, 'smtp-ballot', voteBody('nadia@example.ma', await solved(app, 'smtp-ballot')));
        assert.equal(vote.statusCode, 202, vote.body);
        const deadline = Date.now() + 5000;
        while (smtp.received.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        assert.equal(smtp.received.length, 1);
        assert.deepEqual(smtp.received[0].to, ['nadia@example.ma']);
        assert.match(decoded(smtp.received[0].data), /\/ballots\/smtp-ballot\/confirm\?token=[A-Za-z0-9_-]{43}/);
        assert.equal((await app.inject('/dev/mailbox')).statusCode, 404);
      } finally {
        await app.close();
        await closeSmtp(smtp.server);
      }
    });

    test('without SMTP the dev mailbox shows the mail as text, and production mode has no mailbox', async () => {
      const app = await testApp(db.database, { mail: { pollMs: 50 } });
      try {
        await createBallot(app, newBallot('mailbox-ballot', { title: { fr: '<b>Prix</b> & <script>x</script>' } }));
        const vote = await postVote(
          app,
          'mailbox-ballot',
          voteBody('omar@example.ma', await solved(app, 'mailbox-ballot')),
        );
        assert.equal(vote.statusCode, 202, vote.body);
        const page = await app.inject('/dev/mailbox');
        assert.equal(page.statusCode, 200);
        assert.match(page.headers['content-security-policy'] as string, /default-src 'none'/);
        assert.match(page.body, /omar@example\.ma/);
        assert.match(page.body, /&lt;b&gt;Prix&lt;\/b&gt; &amp; &lt;script&gt;/);
        assert.doesNotMatch(page.body, /<script>/);
        assert.match(page.body, /<a href="http:\/\/localhost(:\d+)?\/ballots\/mailbox-ballot\/confirm\?token=/);
      } finally {
        await app.close();
      }
      const production = await testApp(db.database, { mail: { production: true } });
      try {
        assert.equal((await production.inject('/dev/mailbox')).statusCode, 404);
      } finally {
        await production.close();
      }
    });
  });
}

describe('mail and proof-of-work settings', () => {
  test('SMTP needs a sender; the proof-of-work cost and the vote limit are settings', () => {
    assert.throws(() => readSettings({ TADAMON_SMTP_URL: 'smtp://mail.example.org:587' }), /TADAMON_MAIL_FROM/);
    assert.throws(() => readSettings({ TADAMON_SMTP_URL: 'mail.example.org', TADAMON_MAIL_FROM: 'a@b.c' }), /smtp:/);
    const settings = readSettings({
      TADAMON_SMTP_URL: 'smtp://mail.example.org:587',
      TADAMON_MAIL_FROM: 'Prix <vote@example.org>',
      TADAMON_POW_COST: '1',
      TADAMON_POW_MAX_COUNTER: '20',
      TADAMON_VOTE_RATE_LIMIT: 'off',
      NODE_ENV: 'production',
    });
    assert.equal(settings.smtpUrl, 'smtp://mail.example.org:587');
    assert.equal(settings.mailFrom, 'Prix <vote@example.org>');
    assert.equal(settings.powCost, 1);
    assert.equal(settings.powMaxCounter, 20);
    assert.equal(settings.voteRateLimit, false);
    assert.equal(settings.production, true);
    const defaults = readSettings({});
    assert.equal(defaults.smtpUrl, undefined);
    assert.equal(defaults.powCost, undefined);
    assert.deepEqual(defaults.voteRateLimit, { max: 30, timeWindowMs: 60_000 });
    assert.equal(defaults.production, false);
    assert.throws(() => readSettings({ TADAMON_POW_COST: '0' }), /TADAMON_POW_COST/);
  });
});
