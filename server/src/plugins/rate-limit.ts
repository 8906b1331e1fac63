import { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProblemError } from '../problems.js';

export interface RateLimitSetting {
  max: number;
  timeWindowMs: number;
}

/** Requests per key in fixed windows; the counts are dropped at each window's end, so memory stays bounded. */
class WindowCounter {
  readonly #counts = new Map<string, number>();
  #windowEnd = 0;

  constructor(private readonly setting: RateLimitSetting) {}

  /** Seconds until the window ends when `key` went over the limit, else undefined. */
  hit(key: string, now = Date.now()): number | undefined {
    if (now >= this.#windowEnd) {
      this.#counts.clear();
      this.#windowEnd = now + this.setting.timeWindowMs;
    }
    const count = (this.#counts.get(key) ?? 0) + 1;
    this.#counts.set(key, count);
    return count > this.setting.max ? Math.max(1, Math.ceil((this.#windowEnd - now) / 1000)) : undefined;
  }
}

/** The client's address as limits see it: one IPv6 /64 is one client (it can pick any address inside). */
export function clientKey(request: FastifyRequest): string {
  return normalizeIP(request.ip);
}

const routeKey = (method: string, url: string) => `${method} ${url}`;

/**
 * Per-address request limits, checked in one app-level `onRequest` hook: it runs before every route's own hooks
 * (the signup origin check reads the database), so a limited client costs no query. `global` covers every
 * request, 404s included; a route's `config.rateLimit` (`{ max, timeWindow }` in ms) applies on top of it.
 */
export function registerRateLimits(app: FastifyInstance, global: RateLimitSetting | false): void {
  const globalCounter = global ? new WindowCounter(global) : undefined;
  const routeCounters = new Map<string, WindowCounter>();

  app.addHook('onRoute', (route) => {
    const limit = route.config?.rateLimit;
    if (!limit) return;
    if (typeof limit.max !== 'number' || typeof limit.timeWindow !== 'number') {
      throw new Error(`${route.url}: config.rateLimit needs numeric max and timeWindow (ms)`);
    }
    const counter = new WindowCounter({ max: limit.max, timeWindowMs: limit.timeWindow });
    for (const method of [route.method].flat()) routeCounters.set(routeKey(method, route.url), counter);
  });

  // (The CORS headers of writes, which make this 429 readable by the widget, are set by registerWriteCors.)
  app.addHook('onRequest', (request, reply, done) => {
    const key = clientKey(request);
    const routeCounter =
      request.routeOptions.url && routeCounters.get(routeKey(request.method, request.routeOptions.url));
    const retryAfter = globalCounter?.hit(key) ?? (routeCounter ? routeCounter.hit(key) : undefined);
    if (retryAfter === undefined) {
      done();
      return;
    }
    reply.header('retry-after', String(retryAfter));
    done(new ProblemError(429, 'rate_limited', `Too many requests; retry in ${retryAfter} s.`));
  });
}
