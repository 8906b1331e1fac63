import { assert } from '@open-wc/testing';
import { createChallenge, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/sha';
import type { Challenge } from '../../server/src/schemas/opportunities.js';

// This file runs in its own page: the Worker installed here is the one the solver module sees when first imported.
let workerBehaviour: 'throws' | 'fails to load' = 'throws';
const workersStarted: string[] = [];

class UnavailableWorker extends EventTarget {
  onerror: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  constructor(url: string | URL) {
    super();
    workersStarted.push(String(url));
    // A worker script from another origin than the page is refused at once, or fails to load.
    if (workerBehaviour === 'throws') throw new DOMException('Script at another origin', 'SecurityError');
    setTimeout(() => this.onerror?.(new Event('error')), 0);
  }
  postMessage() {}
  terminate() {}
}
(globalThis as { Worker: unknown }).Worker = UnavailableWorker;

const secret = 'test-secret';

async function solvedInThePage() {
  const challenge = await createChallenge({ algorithm: 'SHA-256', cost: 1, deriveKey, hmacSignatureSecret: secret });
  const { solveChallenge } = await import('../../src/core/pow/solve.js');
  const altcha = await solveChallenge(challenge as unknown as Challenge);
  const payload = JSON.parse(atob(altcha)) as Parameters<typeof verifySolution>[0];
  return verifySolution({ ...payload, deriveKey, hmacSignatureSecret: secret });
}

describe('proof of work when no worker can start (library served from another origin)', () => {
  it('solves in the page when the Worker constructor refuses the script', async () => {
    workerBehaviour = 'throws';
    const before = workersStarted.length;
    assert.isTrue((await solvedInThePage()).verified, 'altcha-lib accepts the payload');
    assert.strictEqual(workersStarted.length, before + 1, 'a worker was tried first');
  });

  it('solves in the page when the worker script fails to load', async () => {
    workerBehaviour = 'fails to load';
    const before = workersStarted.length;
    assert.isTrue((await solvedInThePage()).verified, 'altcha-lib accepts the payload');
    assert.strictEqual(workersStarted.length, before + 1, 'a worker was tried first');
  });
});
