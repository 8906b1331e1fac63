import nodemailer from 'nodemailer';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/types.js';

type Db = Kysely<Database>;

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Queues a mail in the caller's transaction: it is sent (by the outbox worker) only if that transaction commits. */
export async function enqueueMail(trx: Db, mail: Mail): Promise<void> {
  await trx.insertInto('mail_outbox').values({ to_address: mail.to, subject: mail.subject, body: mail.text }).execute();
}

export interface MailTransport {
  /** `smtp`: the mail left; `mailbox`: it stays readable on the dev mailbox page. */
  kind: 'smtp' | 'mailbox';
  send(mail: Mail): Promise<void>;
  close(): void;
}

/** SMTP through nodemailer, e.g. `smtps://user:password@smtp.example.org:465`. */
export function smtpTransport(url: string, from: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    kind: 'smtp',
    async send(mail) {
      await transporter.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
    },
    close: () => transporter.close(),
  };
}

/** Without SMTP (the demo): sending only marks the mail sent; `GET /dev/mailbox` shows it. */
export const mailboxTransport: MailTransport = { kind: 'mailbox', send: () => Promise.resolve(), close() {} };

export interface OutboxOptions {
  transport: MailTransport;
  /**
   * While mails wait (retries), checks at least this often (default 5 s); with nothing queued the worker stays idle
   * until `kick()` (after each queued mail) or the next start.
   */
  pollMs?: number;
  /** Delay before the first retry, doubled each time up to an hour (default 30 s). */
  retryBaseMs?: number;
  /** Attempts before a mail is given up (default 10, about 4 hours of retries). */
  maxAttempts?: number;
  /** How long a worker holds a mail it is sending before another may take it (default 2 min). */
  leaseMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Sends queued mails, outside any request: takes due mails under a lease (so that several processes share the
 * work, and a process killed while sending frees its mails when the lease ends), sends each, then marks it sent or
 * schedules a retry with exponential backoff. Delivery is at least once: a mail is sent twice only when the process
 * dies between the SMTP server's acceptance and marking it sent.
 */
export class MailOutbox {
  readonly #transport: MailTransport;
  readonly #pollMs: number;
  readonly #retryBaseMs: number;
  readonly #maxAttempts: number;
  readonly #leaseMs: number;
  readonly #onError: (error: unknown) => void;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = true;

  constructor(
    private readonly db: Db,
    options: OutboxOptions,
  ) {
    this.#transport = options.transport;
    this.#pollMs = options.pollMs ?? 5000;
    this.#retryBaseMs = options.retryBaseMs ?? 30_000;
    this.#maxAttempts = options.maxAttempts ?? 10;
    this.#leaseMs = options.leaseMs ?? 120_000;
    this.#onError = options.onError ?? (() => {});
  }

  get transportKind(): MailTransport['kind'] {
    return this.#transport.kind;
  }

  start(): void {
    this.#stopped = false;
    this.#schedule(0);
  }

  /** Looks for due mails now (after a mail was queued). */
  kick(): void {
    if (this.#stopped) return;
    if (this.#running) this.#again = true;
    else this.#schedule(0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#running;
    this.#transport.close();
  }

  #schedule(delayMs: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#running = this.drain()
        .then(() => this.#nextDueInMs())
        .then(
          (dueInMs) => {
            this.#running = undefined;
            if (this.#stopped) return;
            // Idle (nothing queued) until the next kick: no query while there is nothing to send.
            if (this.#again || dueInMs !== undefined)
              this.#schedule(this.#again ? 0 : Math.min(dueInMs!, this.#pollMs));
            this.#again = false;
          },
          (error: unknown) => {
            this.#running = undefined;
            this.#onError(error);
            if (!this.#stopped) this.#schedule(this.#pollMs);
          },
        );
    }, delayMs);
    this.#timer.unref();
  }

  /** Sends what is due now; answers how many mails were sent. */
  async drain(): Promise<number> {
    let sent = 0;
    for (;;) {
      const batch = await this.#claim(10);
      if (batch.length === 0) return sent;
      for (const mail of batch) {
        if (await this.#deliver(mail)) sent++;
      }
      if (this.#stopped) return sent;
    }
  }

  /** When the next queued mail is due (a retry, or a lease that ends), or undefined when nothing waits. */
  async #nextDueInMs(): Promise<number | undefined> {
    const { rows } = await sql<{ at: Date | null }>`
      select min(greatest(next_attempt_at, coalesce(locked_until, next_attempt_at))) as at
      from mail_outbox where sent_at is null and failed_at is null
    `.execute(this.db);
    const at = rows[0]?.at;
    return at ? Math.max(0, new Date(at).getTime() - Date.now()) : undefined;
  }

  async #claim(limit: number) {
    const { rows } = await sql<{
      id: string;
      to_address: string | null;
      subject: string;
      body: string | null;
      attempts: number;
    }>`
      update mail_outbox set attempts = attempts + 1, locked_until = now() + make_interval(secs => ${this.#leaseMs / 1000})
      where id in (
        select id from mail_outbox
        where sent_at is null and failed_at is null and next_attempt_at <= now()
          and (locked_until is null or locked_until < now())
        order by id limit ${limit} for update skip locked)
      returning id, to_address, subject, body, attempts
    `.execute(this.db);
    return rows;
  }

  async #deliver(mail: {
    id: string;
    to_address: string | null;
    subject: string;
    body: string | null;
    attempts: number;
  }) {
    try {
      if (mail.to_address === null || mail.body === null) throw new Error('the mail was erased before it was sent');
      await this.#transport.send({ to: mail.to_address, subject: mail.subject, text: mail.body });
    } catch (error) {
      const giveUp = mail.attempts >= this.#maxAttempts;
      const delayMs = Math.min(this.#retryBaseMs * 2 ** (mail.attempts - 1), 3_600_000);
      await this.db
        .updateTable('mail_outbox')
        .set({
          locked_until: null,
          last_error: String(error instanceof Error ? error.message : error).slice(0, 500),
          next_attempt_at: new Date(Date.now() + delayMs),
          // A mail given up keeps no address.
          ...(giveUp ? { failed_at: new Date(), to_address: null, body: null } : {}),
        })
        .where('id', '=', mail.id)
        .execute();
      return false;
    }
    await this.db
      .updateTable('mail_outbox')
      .set({
        sent_at: new Date(),
        locked_until: null,
        last_error: null,
        // Sent through SMTP, the address and the link have no reason to stay.
        ...(this.#transport.kind === 'smtp' ? { to_address: null, body: null } : {}),
      })
      .where('id', '=', mail.id)
      .execute();
    return true;
  }
}
