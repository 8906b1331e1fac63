/**
 * Volunteer signup, end to end: the demo pages served by the real reference server (PGlite, seeded demo
 * opportunity with proof of work), the CDN bundle, Chromium. Needs a build first (`npm run build`).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { recordProblems, useServerAndBrowser } from './helpers.js';

const opportunityId = 'winter-distribution-tounfite';
/** A seeded shift with room for everyone these tests sign up. */
const shiftId = 'agoudim-distribution';

type Strings = {
  status: Record<string, string>;
  shiftStatus: Record<string, string>;
  errors: Record<string, string>;
};
const strings = (lang: string): Strings =>
  (
    JSON.parse(
      readFileSync(new URL(`../../src/locales/volunteer-signup-${lang}.json`, import.meta.url), 'utf8'),
    ) as Record<string, Strings>
  )['volunteer-signup'];

interface Volunteer {
  name: string;
  email: string;
  phone: string;
}

/**
 * A different person per test, so rows are counted only for this one (the server also recognises a person by
 * the normalised phone: two tests sharing one would get `already_signed_up`).
 */
function newVolunteer(name: string, phone: string): Volunteer {
  const tag = Math.random().toString(36).slice(2, 8);
  return { name: `${name} ${tag}`, email: `volunteer-${tag}@example.org`, phone };
}

/** A Moroccan number as typed, as the server stores it (E.164), and bare, to find it wherever it might hide. */
function phoneForms(phone: string): string[] {
  const national = phone.replace(/\D/g, '').replace(/^0/, '');
  return [phone, phone.replace(/\s/g, ''), `+212${national}`, national];
}

/**
 * Records CSP violations from the moment the document exists. Added with `addInitScript`, which the CSP does
 * not apply to; a string because tsx would add helpers the page lacks.
 */
const recordCspViolations = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI);
  });
`;

// Functions for `page.evaluate` are written as strings: tsx would otherwise add helpers (`__name`) the page lacks.

/** Opens an IndexedDB request as a promise (page-side). */
const idbHelpers = `
  const done = (request) => new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
`;

/**
 * Everything the page's origin keeps in the browser: every IndexedDB database with every record of every
 * store, localStorage, sessionStorage and Cache Storage, as one JSON string to search for personal data.
 */
function browserStorage(page: Page): Promise<string> {
  return page.evaluate<string>(`(async () => {
    ${idbHelpers}
    const indexedDb = {};
    for (const { name } of await indexedDB.databases()) {
      const database = await done(indexedDB.open(name));
      indexedDb[name] = {};
      for (const store of database.objectStoreNames) {
        indexedDb[name][store] = await done(database.transaction(store).objectStore(store).getAll());
      }
      database.close();
    }
    const cached = {};
    for (const name of await caches.keys()) {
      cached[name] = (await (await caches.open(name)).keys()).map((request) => request.url);
    }
    return JSON.stringify({ indexedDb, localStorage: { ...localStorage }, sessionStorage: { ...sessionStorage }, cached });
  })()`);
}

/** Entries waiting in the widget's outbox (IndexedDB `tadamon`, store `outbox`). */
function outboxSize(page: Page): Promise<number> {
  return page.evaluate<number>(`(async () => {
    ${idbHelpers}
    if (!(await indexedDB.databases()).some((database) => database.name === 'tadamon')) return 0;
    const database = await done(indexedDB.open('tadamon'));
    try {
      if (!database.objectStoreNames.contains('outbox')) return 0;
      return await done(database.transaction('outbox').objectStore('outbox').count());
    } finally {
      database.close();
    }
  })()`);
}

describe('volunteer signup, end to end (real server on PGlite + Chromium)', () => {
  const e2e = useServerAndBrowser();

  /** Lines of the organiser's CSV export that belong to `email`. */
  async function exportedRows(email: string): Promise<string[]> {
    const response = await fetch(`${e2e.server.url}/admin/opportunities/${opportunityId}/signups.csv`, {
      headers: { authorization: `Bearer ${e2e.server.adminToken}` },
    });
    assert.equal(response.status, 200);
    return (await response.text()).split('\r\n').filter((line) => line.includes(email));
  }

  async function openPage(context: BrowserContext, path: string) {
    const page = await context.newPage();
    const { problems } = recordProblems(page);
    await page.goto(`${e2e.server.url}${path}`);
    const widget = page.locator('tadamon-volunteer-signup');
    await widget.locator('form [part~="submit"]').waitFor({ timeout: 15_000 });
    return { page, widget, problems };
  }

  const cspViolations = (page: Page) => page.evaluate<string[]>('window.__cspViolations');

  /** What a visitor does: one shift, name, e-mail, phone as Moroccans write it, the required question, consent. */
  async function fillForm(widget: Locator, person: Volunteer) {
    await widget.locator(`input[name="shiftIds"][value="${shiftId}"]`).check();
    await widget.locator('input[name="name"]').fill(person.name);
    await widget.locator('input[name="email"]').fill(person.email);
    await widget.locator('input[name="phone"]').fill(person.phone);
    // "Languages spoken" is a multi-choice question: checkboxes in a fieldset.
    await widget.locator('input[name="answers.languages"][value="tamazight"]').check();
    await widget.locator('input[name="consent"]').check();
  }

  const statusOf = (widget: Locator) => widget.locator('[part~="status"]');

  test('a signup made offline survives a reload and reaches the server exactly once when back online', async () => {
    const context = await e2e.browser.newContext();
    await context.addInitScript({ content: recordCspViolations });
    const { page, widget, problems } = await openPage(context, '/volunteer-fr.html');
    const fr = strings('fr');
    const person = newVolunteer('Itto Ait Ouhmad', '06 12 34 56 78');
    await fillForm(widget, person);

    // The phone loses its signal between filling in and pressing the button. Writes are also aborted by a route,
    // which stays in place across the reload below (setOffline alone would forbid reloading the page at all).
    let blockedSends = 0;
    await page.route('**/opportunities/*/signups', async (route) => {
      blockedSends++;
      await route.abort('internetdisconnected');
    });
    await context.setOffline(true);
    await widget.locator('[part~="submit"]').click();
    await assertText(statusOf(widget), fr.status.queued);
    assert.equal(await outboxSize(page), 1, 'the signup is stored in IndexedDB before and while it cannot be sent');

    // Reload. This page has no service worker, so it cannot come from an offline cache: the origin is reachable
    // again for the page itself, while signup writes still fail as on a dead connection (the route). The widget
    // must find the stored signup after the reload and keep trying to send it.
    await context.setOffline(false);
    const sendsBeforeReload = blockedSends;
    await page.reload();
    await widget.locator('[part~="status"]').waitFor();
    await waitUntil(() => blockedSends > sendsBeforeReload, 15_000, 'the stored signup is sent again after the reload');
    assert.equal(await outboxSize(page), 1, 'still stored after the reload');
    assert.equal((await exportedRows(person.email)).length, 0, 'nothing reached the server yet');

    // Offline for real, then the connection comes back: the `online` event must send it without any click.
    await context.setOffline(true);
    await page.waitForTimeout(500);
    await page.unroute('**/opportunities/*/signups');
    const backOnline = Date.now();
    await context.setOffline(false);

    let rows: string[] = [];
    await waitUntil(
      async () => (rows = await exportedRows(person.email)).length > 0,
      30_000,
      'the signup reaches the server within 30 s of the connection coming back',
    ).catch(async (error: Error) => {
      const status = (await statusOf(widget).textContent())?.trim();
      throw new Error(`${error.message}; status "${status}"; problems: ${problems.join(' | ')}`);
    });
    const elapsedMs = Date.now() - backOnline;
    await assertText(statusOf(widget), fr.status.confirmed, 20_000);
    await page.waitForTimeout(2_000); // any duplicate send would have landed by now
    rows = await exportedRows(person.email);
    assert.equal(rows.length, 1, `exactly one signup for one shift (arrived after ${elapsedMs} ms)`);
    assert.ok(rows[0].includes(shiftId));
    assert.ok(rows[0].includes(phoneForms(person.phone)[2]), 'the server stored the phone normalised (E.164)');

    assert.equal(await outboxSize(page), 0, 'the outbox is empty once the server answered');
    const storage = await browserStorage(page);
    for (const secret of [person.name, person.email, ...phoneForms(person.phone)]) {
      assert.ok(!storage.includes(secret), `"${secret}" must not remain in browser storage: ${storage}`);
    }
    assert.deepEqual(await cspViolations(page), []);
    // Chromium logs the sends that failed offline, and the first send after the reconnection may be refused with
    // 422 `challenge_invalid` (submitted offline, it could not fetch a challenge; the widget then solves one). Any
    // page error fails.
    const expectedNoise = /^error: Failed to load resource: (net::ERR_INTERNET_DISCONNECTED|.*status of 422)/;
    assert.deepEqual(
      problems.filter((text) => !expectedNoise.test(text)),
      [],
    );
    await context.close();
  });

  test('an online signup on the Arabic page is confirmed in Arabic, with no console error or CSP violation', async () => {
    const context = await e2e.browser.newContext();
    await context.addInitScript({ content: recordCspViolations });
    const { page, widget, problems } = await openPage(context, '/volunteer-ar.html');
    const ar = strings('ar');
    assert.equal(await widget.locator('[part~="base"]').getAttribute('dir'), 'rtl');
    const person = newVolunteer('فاطمة الزهراء بنعلي', '07 61 23 45 89');
    await fillForm(widget, person);
    await page.evaluate(`document.addEventListener('tadamon-signup-confirmed', (event) => {
      window.__signupConfirmed = event.detail;
    })`);
    await widget.locator('[part~="submit"]').click();

    // The seeded opportunity asks for proof of work: solved in a worker from the page's own origin.
    const answer = await page
      .waitForFunction(() => (window as unknown as { __signupConfirmed?: unknown }).__signupConfirmed, undefined, {
        timeout: 30_000,
      })
      .catch(async () => {
        const status = (await statusOf(widget).textContent())?.trim();
        throw new Error(`not confirmed within 30 s; status "${status}"; problems: ${problems.join(' | ')}`);
      });
    const detail = (await answer.jsonValue()) as { status: string };
    assert.ok(['confirmed', 'waitlisted'].includes(detail.status));
    await assertText(statusOf(widget), ar.status[detail.status]);
    const badge = (await widget.locator('[part~="result"] .badge').first().textContent())?.trim();
    assert.equal(badge, ar.shiftStatus[detail.status]);

    assert.equal((await exportedRows(person.email)).length, 1);
    assert.equal(await outboxSize(page), 0);
    const storage = await browserStorage(page);
    for (const secret of [person.name, person.email, ...phoneForms(person.phone)]) {
      assert.ok(!storage.includes(secret), `"${secret}" must not remain in browser storage`);
    }
    assert.deepEqual(problems, [], 'no page or console errors');
    assert.deepEqual(await cspViolations(page), [], 'no CSP or Trusted Types violations');
    await context.close();
  });
});

describe('volunteer signup from a site the opportunity does not allow (two origins, Chromium)', () => {
  const pages: Record<string, string> = {};
  // A webmaster's page on another loopback port, with the CDN files copied next to it.
  const e2e = useServerAndBrowser([{ '/static/tadamon/': 'dist/cdn' }, pages]);

  before(() => {
    pages['/join.html'] =
      `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>join</title>` +
      `<script type="module" src="/static/tadamon/volunteer-signup.js"></script></head><body>` +
      `<tadamon-volunteer-signup api-base="${e2e.server.url}" opportunity="${opportunityId}"></tadamon-volunteer-signup>` +
      `</body></html>`;
  });

  test('the refusal is final and readable, the webmaster is told how to allow the site, nothing is kept', async () => {
    assert.notEqual(new URL(e2e.site.origin).port, new URL(e2e.server.url).port, 'two servers, two origins');
    const context = await e2e.browser.newContext();
    await context.addInitScript({
      content: `document.addEventListener('tadamon-signup-failed', (event) => { window.__failed = event.detail; });
        document.addEventListener('tadamon-signup-queued', () => { window.__queued = true; });`,
    });
    const page = await context.newPage();
    const { problems: warnings } = recordProblems(page, ['warning']);
    await page.goto(`${e2e.site.origin}/join.html`);
    const widget = page.locator('tadamon-volunteer-signup');
    await widget.locator('form [part~="submit"]').waitFor({ timeout: 15_000 });
    const person = newVolunteer('Hassan Oubella', '06 98 76 54 32');
    await widget.locator(`input[name="shiftIds"][value="${shiftId}"]`).check();
    await widget.locator('input[name="name"]').fill(person.name);
    await widget.locator('input[name="email"]').fill(person.email);
    await widget.locator('input[name="phone"]').fill(person.phone);
    // "Languages spoken": a select, or checkboxes once the demo asks it as a multi-choice question.
    await widget.locator('input[name="answers.languages"][value="tamazight"]').check();
    await widget.locator('input[name="consent"]').check();
    await widget.locator('[part~="submit"]').click();

    const failed = await page.waitForFunction(() => (window as unknown as { __failed?: unknown }).__failed, undefined, {
      timeout: 30_000,
    });
    assert.deepEqual(await failed.jsonValue(), { code: 'origin_not_allowed', status: 403 });
    await assertText(widget.locator('[part~="status"]'), strings('fr').errors.origin_not_allowed);
    assert.equal(await widget.locator('form').count(), 0, 'no form to fill again');
    assert.equal(await widget.locator('[part~="retry"]').count(), 0, 'no Retry that cannot succeed');
    assert.equal(await page.evaluate('window.__queued === true'), false, 'never "saved, will send later"');

    const advice = warnings.filter((text) => text.startsWith('warning: ') && text.includes('allow-origin'));
    assert.equal(advice.length, 1, warnings.join(' | '));
    assert.ok(advice[0].includes(`npm run admin -- allow-origin ${opportunityId} ${e2e.site.origin}`), advice[0]);

    assert.equal(await outboxSize(page), 0, 'the outbox entry is deleted');
    const storage = await browserStorage(page);
    for (const secret of [person.name, person.email, ...phoneForms(person.phone)]) {
      assert.ok(!storage.includes(secret), `"${secret}" must not remain in browser storage: ${storage}`);
    }
    const csv = await fetch(`${e2e.server.url}/admin/opportunities/${opportunityId}/signups.csv`, {
      headers: { authorization: `Bearer ${e2e.server.adminToken}` },
    });
    assert.ok(!(await csv.text()).includes(person.email), 'nothing was written');
    await context.close();
  });
});

async function assertText(locator: Locator, expected: string, timeoutMs = 15_000) {
  let actual = '';
  try {
    await waitUntil(async () => (actual = ((await locator.textContent()) ?? '').trim()) === expected, timeoutMs, '');
  } catch {
    assert.equal(actual, expected);
  }
}

async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
