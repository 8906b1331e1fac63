import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError } from '../problems.js';
import { clientKey } from './rate-limit.js';

declare module 'fastify' {
  interface FastifyInstance {
    eventStreams: EventStreams;
  }
}

export interface StreamLimits {
  /** Open streams per client address (an IPv6 /64 counts as one). */
  perAddress: number;
  /** Open streams in this process. */
  total: number;
}

/** What a client over the cap is told to wait; the widgets poll meanwhile. */
export const STREAMS_RETRY_AFTER_SECONDS = 30;

/** One server-sent event stream, from the first line of its handler until the client or the server ends it. */
export class EventStream {
  #closed = false;
  readonly #onClose: (() => void)[] = [];

  constructor(
    private readonly reply: FastifyReply,
    private readonly heartbeatMs: number,
  ) {
    // `close` fires when the response ends or the connection is lost, whichever comes first.
    reply.raw.once('close', () => this.#close());
    if (reply.request.raw.socket?.destroyed) this.#close();
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Runs `callback` once the stream is closed; at once if it already is. */
  onClose(callback: () => void): void {
    if (this.#closed) callback();
    else this.#onClose.push(callback);
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const callback of this.#onClose.splice(0)) callback();
  }

  /** Takes the response over from Fastify and sends the stream's headers (nothing is written once closed). */
  start(): void {
    this.reply.hijack();
    const raw = this.reply.raw;
    if (this.#closed) {
      raw.destroy();
      return;
    }
    // Hijacked replies skip onSend hooks: carry over the headers set so far (CORS).
    for (const [name, value] of Object.entries(this.reply.getHeaders())) {
      if (value !== undefined) raw.setHeader(name, value);
    }
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    // HEAD gets the headers only: a body-less stream would otherwise stay open with nothing sent.
    if (this.reply.request.method === 'HEAD') {
      raw.end();
      return;
    }
    raw.write('retry: 3000\n\n');
    const heartbeat = setInterval(() => raw.write(': heartbeat\n\n'), this.heartbeatMs);
    this.onClose(() => clearInterval(heartbeat));
  }

  send(event: string, data: unknown): void {
    const raw = this.reply.raw;
    if (!this.#closed && !raw.writableEnded) raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  /** Ends the stream from the server's side (shutdown); a stream still opening is dropped when it starts. */
  end(): void {
    if (this.reply.sent) this.reply.raw.end();
    this.#close();
  }
}

/**
 * The process's open event streams, capped per client address and in total. A slot is taken synchronously at
 * the start of the handler, and the response's `close` handler is registered at the same moment, before any
 * await: a client that leaves while its stream is still opening frees its slot.
 */
export class EventStreams {
  readonly #open = new Set<EventStream>();
  readonly #perAddress = new Map<string, number>();

  constructor(
    private readonly limits: StreamLimits,
    readonly heartbeatMs: number,
  ) {}

  get count(): number {
    return this.#open.size;
  }

  /** The stream of this request, or 503 `too_many_streams` with `Retry-After`. Call before any await. */
  open(request: FastifyRequest, reply: FastifyReply): EventStream {
    const address = clientKey(request);
    const fromAddress = this.#perAddress.get(address) ?? 0;
    if (fromAddress >= this.limits.perAddress || this.#open.size >= this.limits.total) {
      reply.header('retry-after', String(STREAMS_RETRY_AFTER_SECONDS));
      throw new ProblemError(503, 'too_many_streams', 'Too many open event streams; poll instead, or retry later.');
    }
    const stream = new EventStream(reply, this.heartbeatMs);
    this.#open.add(stream);
    this.#perAddress.set(address, fromAddress + 1);
    stream.onClose(() => {
      this.#open.delete(stream);
      const left = (this.#perAddress.get(address) ?? 1) - 1;
      if (left > 0) this.#perAddress.set(address, left);
      else this.#perAddress.delete(address);
    });
    return stream;
  }

  /** Ends every stream (server shutdown). */
  closeAll(): void {
    for (const stream of [...this.#open]) stream.end();
  }
}

export function registerEventStreams(app: FastifyInstance, limits: StreamLimits, heartbeatMs: number): void {
  const streams = new EventStreams(limits, heartbeatMs);
  app.decorate('eventStreams', streams);
  app.addHook('preClose', (done) => {
    streams.closeAll();
    done();
  });
}
