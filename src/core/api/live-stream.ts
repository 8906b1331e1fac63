import { anySignal, getJson, sleep } from './client.js';
import { isAbortError } from './api-error.js';
import { liveDefaults, type LiveOptions } from './live-controller.js';

/**
 * Follows `url` until `signal` aborts: server-sent events first, reconnecting with backoff. After repeated
 * failures, or at once when the server refuses the stream (an HTTP error such as 503 when it holds too many),
 * polling with ETag, trying the stream again now and then (15 s, doubling up to 5 min: an EventSource cannot read
 * `Retry-After`) and going back to it once it opens. Loaded after the widget's first content (see LiveController).
 */
export function followLive<T>(url: string, options: LiveOptions<T>, signal: AbortSignal): void {
  let source: EventSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let streamFailures = 0;
  /** Times in a row the stream was given up for polling; sets how long polling lasts before the next try. */
  let pollingRounds = 0;
  signal.addEventListener('abort', () => {
    source?.close();
    clearTimeout(timer);
  });

  const openStream = (): void => {
    if (signal.aborted) return;
    if (typeof EventSource !== 'function') return poll();
    const current = new EventSource(`${url}/events`);
    source = current;
    current.addEventListener('open', () => (streamFailures = pollingRounds = 0));
    current.addEventListener(options.eventName ?? 'message', (event) => {
      let data: unknown;
      try {
        data = JSON.parse((event as MessageEvent<string>).data);
      } catch {
        return;
      }
      // A malformed update is dropped; the last good value stays on screen.
      if (options.guard(data)) options.onValue(data);
    });
    current.addEventListener('error', () => {
      // CLOSED: the server answered, but not with a stream (503 when it holds too many, 429, 5xx): it said no.
      const refused = current.readyState === CLOSED;
      // EventSource retries by itself, but not after HTTP errors and without backoff: take over.
      current.close();
      if (source !== current || signal.aborted) return;
      source = undefined;
      streamFailures++;
      if (refused || streamFailures >= liveDefaults.maxStreamFailures) return poll();
      const delay = Math.min(liveDefaults.reconnectBaseMs * 2 ** (streamFailures - 1), liveDefaults.reconnectMaxMs);
      timer = setTimeout(openStream, jitter(delay));
    });
  };

  /** Polls until the next try of the stream, which takes over if it opens. */
  const poll = (): void => {
    streamFailures = 0;
    const pollController = new AbortController();
    const pollSignal = anySignal([signal, pollController.signal]);
    const retryIn = Math.min(liveDefaults.streamRetryMs * 2 ** pollingRounds++, liveDefaults.streamRetryMaxMs);
    timer = setTimeout(() => {
      pollController.abort();
      openStream();
    }, jitter(retryIn));
    void pollUntil(pollSignal);
  };

  const pollUntil = async (pollSignal: AbortSignal): Promise<void> => {
    try {
      while (!pollSignal.aborted) {
        await sleep(liveDefaults.pollIntervalMs, pollSignal);
        try {
          options.onValue(await getJson(url, { guard: options.guard, signal: pollSignal, retries: 0 }));
        } catch (error) {
          if (isAbortError(error)) throw error;
          // A failed poll is retried at the next tick; the last good value stays on screen.
        }
      }
    } catch {
      // Stopped, or the stream is tried again.
    }
  };

  openStream();
}

/** `EventSource.CLOSED`. */
const CLOSED = 2;

/** Between half and all of `delay`, so many clients do not come back at the same moment. */
const jitter = (delay: number) => delay * (0.5 + Math.random() / 2);
