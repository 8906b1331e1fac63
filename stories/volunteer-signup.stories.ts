import type { Meta, StoryObj } from '@storybook/web-components';
import { html } from 'lit';
import { expect, userEvent, waitFor } from 'storybook/test';
import '../src/volunteer-signup/index.js';
import { normalizeLang } from '../src/core/i18n/i18n.js';
import ar from '../src/locales/volunteer-signup-ar.json';
import en from '../src/locales/volunteer-signup-en.json';
import fr from '../src/locales/volunteer-signup-fr.json';
import zgh from '../src/locales/volunteer-signup-zgh.json';
import {
  opportunityHandlers,
  opportunityLoadingHandlers as loadingHandlers,
  opportunityNotFoundHandlers as notFoundHandlers,
  opportunityServerErrorHandlers as serverErrorHandlers,
  powHandlers,
} from '../test/fake-backend/handlers.js';
import {
  API_BASE,
  closedOpportunity,
  OPPORTUNITY_ID,
  openOpportunity,
  powOpportunity,
  SHIFT,
  volunteer,
} from '../test/fake-backend/fixtures.js';

interface VolunteerSignupArgs {
  opportunity: string;
  apiBase: string;
}

const OUTBOX_DATABASE = 'tadamon';

/**
 * Empties the widget's outbox before each story. It lives in IndexedDB, which every story of a browser shares:
 * without this, the signup the QueuedOffline story leaves behind would be resumed, and sent, by the next story.
 * Stores are cleared rather than the database deleted, so a connection still open elsewhere cannot block it.
 */
async function clearOutbox(): Promise<void> {
  const databases = await indexedDB.databases();
  if (!databases.some((database) => database.name === OUTBOX_DATABASE)) return;
  const request = indexedDB.open(OUTBOX_DATABASE);
  const database = await new Promise<IDBDatabase>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB open failed'));
  });
  try {
    const stores = [...database.objectStoreNames];
    if (!stores.length) return;
    const transaction = database.transaction(stores, 'readwrite');
    for (const store of stores) transaction.objectStore(store).clear();
    await new Promise<void>((resolve, reject) => {
      transaction.oncomplete = () => resolve();
      transaction.onerror = transaction.onabort = () =>
        reject(transaction.error ?? new Error('IndexedDB clear failed'));
    });
  } finally {
    database.close();
  }
}

/** Signups waiting in the widget's outbox. */
async function outboxSize(): Promise<number> {
  const request = indexedDB.open(OUTBOX_DATABASE);
  const database = await new Promise<IDBDatabase>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB open failed'));
  });
  try {
    if (!database.objectStoreNames.contains('outbox')) return 0;
    const count = database.transaction('outbox').objectStore('outbox').count();
    return await new Promise<number>((resolve, reject) => {
      count.onsuccess = () => resolve(count.result);
      count.onerror = () => reject(count.error ?? new Error('IndexedDB count failed'));
    });
  } finally {
    database.close();
  }
}

const meta: Meta<VolunteerSignupArgs> = {
  title: 'Widgets/Volunteer signup',
  component: 'tadamon-volunteer-signup',
  args: { opportunity: OPPORTUNITY_ID, apiBase: API_BASE },
  render: ({ opportunity, apiBase }) =>
    html`<tadamon-volunteer-signup opportunity=${opportunity} api-base=${apiBase}></tadamon-volunteer-signup>`,
  loaders: [clearOutbox],
  parameters: { msw: { handlers: opportunityHandlers(openOpportunity) } },
};
export default meta;

type Story = StoryObj<VolunteerSignupArgs>;

const messages = { ar, en, fr, zgh };
/** The widget's strings in the story's language (the toolbar's). */
const strings = (globals: Record<string, unknown>) => messages[normalizeLang(String(globals.lang))]['volunteer-signup'];

/** The widget's shadow root, once it exists. */
async function shadowOf(canvasElement: HTMLElement): Promise<ShadowRoot> {
  const element = canvasElement.querySelector('tadamon-volunteer-signup');
  await waitFor(() => expect(element?.shadowRoot).toBeTruthy());
  return element!.shadowRoot!;
}

/** The shadow root once the form is on screen. */
async function formOf(canvasElement: HTMLElement): Promise<ShadowRoot> {
  const root = await shadowOf(canvasElement);
  await waitFor(() => expect(root.querySelector('form [part~="submit"]')).toBeTruthy());
  return root;
}

function get<T extends Element = HTMLInputElement>(root: ShadowRoot, selector: string): T {
  const element = root.querySelector<T>(selector);
  if (!element) throw new Error(`${selector} is not in the widget`);
  return element;
}

const statusText = (root: ShadowRoot) => root.querySelector('[part~="status"]')?.textContent?.trim() ?? '';

/** Picks the shifts, types a volunteer's details as a person would, ticks the required boxes and submits. */
async function signUp(root: ShadowRoot, shiftIds: string[] = [SHIFT.open]): Promise<void> {
  for (const shiftId of shiftIds) await userEvent.click(get(root, `input[name="shiftIds"][value="${shiftId}"]`));
  await userEvent.type(get(root, 'input[name="name"]'), volunteer.name);
  await userEvent.type(get(root, 'input[name="email"]'), volunteer.email);
  await userEvent.type(get(root, 'input[name="phone"]'), volunteer.phone);
  await userEvent.selectOptions(get<HTMLSelectElement>(root, 'select[name="answers.vehicle"]'), 'car');
  await userEvent.click(get(root, 'input[name="answers.adult"]'));
  await userEvent.click(get(root, 'input[name="consent"]'));
  await userEvent.click(get(root, '[part~="submit"]'));
}

/** The client retries 5xx and network failures three times with backoff (up to ~3.5 s) before giving up. */
const afterRetries = { timeout: 8000 };

/** The opportunity is on its way: the widget keeps its space and says it is loading. */
export const Loading: Story = {
  parameters: { msw: { handlers: loadingHandlers } },
  play: async ({ canvasElement }) => {
    const root = await shadowOf(canvasElement);
    await waitFor(() => expect(root.querySelector('[part~="base"]')?.getAttribute('aria-busy')).toBe('true'));
  },
};

/** Three shifts (nearly full, full with a waitlist, open), the organiser's questions and the privacy notice. */
export const Form: Story = {
  play: async ({ canvasElement }) => {
    const root = await formOf(canvasElement);
    await expect(root.querySelectorAll('input[name="shiftIds"]')).toHaveLength(openOpportunity.shifts.length);
    // A full shift that takes a waitlist stays selectable.
    await expect(get(root, `input[value="${SHIFT.fullWithWaitlist}"]`).disabled).toBe(false);
    await expect(get(root, '[part~="privacy"]').textContent).toContain(openOpportunity.privacy.cndpReceipt);
    // Consent is never pre-ticked (law 09-08), and neither is the news opt-in.
    await expect(get(root, 'input[name="consent"]').checked).toBe(false);
    await expect(get(root, 'input[name="newsOptIn"]').checked).toBe(false);
  },
};

/** Submitting an empty form: a message under each field, in the page's language, and a summary announced. */
export const ValidationErrors: Story = {
  play: async ({ canvasElement, globals }) => {
    const root = await formOf(canvasElement);
    const t = strings(globals);
    await userEvent.click(get(root, '[part~="submit"]'));
    await waitFor(() => expect(root.querySelectorAll('[part~="field-error"]').length).toBeGreaterThan(0));
    const errorOf = (name: string) => {
      const control = get<HTMLElement>(root, `[name="${name}"]`);
      const container = name === 'shiftIds' ? control.closest('fieldset')! : control;
      const ids = container.getAttribute('aria-describedby')?.split(' ') ?? [];
      // The field's own message among the elements describing it (the consent box is also described by the notice).
      const message = ids
        .map((id) => root.getElementById(id))
        .find((element) => element?.matches('[part~="field-error"]'));
      return message?.textContent?.trim();
    };
    await expect(errorOf('shiftIds')).toBe(t.validation.shiftRequired);
    await expect(errorOf('name')).toBe(t.validation.required);
    await expect(errorOf('email')).toBe(t.validation.required);
    await expect(errorOf('consent')).toBe(t.validation.consent);
    await expect(errorOf('answers.adult')).toBe(t.validation.required);
    await expect(get(root, 'input[name="name"]').getAttribute('aria-invalid')).toBe('true');
    await expect(statusText(root)).not.toBe('');

    // A wrong phone number and e-mail get their own messages.
    await userEvent.type(get(root, 'input[name="email"]'), 'itto@');
    await userEvent.type(get(root, 'input[name="phone"]'), '12345');
    await userEvent.click(get(root, '[part~="submit"]'));
    // The examples in the messages are filled in (each in its own left-to-right <bdi>).
    const examples: Record<string, string> = {
      local: '06 12 34 56 78',
      international: '+212 6 12 34 56 78',
      example: t.validation.emailExample,
    };
    const filled = (message: string) => message.replace(/\{\{(\w+)\}\}/g, (_, name: string) => examples[name]);
    await waitFor(() => expect(errorOf('phone')).toBe(filled(t.validation.phone)));
    await expect(errorOf('email')).toBe(filled(t.validation.email));
  },
};

/** The signup is on its way (the server never answers here). */
export const Sending: Story = {
  parameters: { msw: { handlers: opportunityHandlers(openOpportunity, { outcome: 'never' }) } },
  play: async ({ canvasElement, globals }) => {
    const root = await formOf(canvasElement);
    await signUp(root);
    await waitFor(() => expect(statusText(root)).toBe(strings(globals).status.sending));
    await expect(get(root, '[part~="submit"]').getAttribute('aria-disabled')).toBe('true');
  },
};

export const Confirmed: Story = {
  play: async ({ canvasElement, globals }) => {
    const root = await formOf(canvasElement);
    await signUp(root, [SHIFT.open]);
    const t = strings(globals);
    await waitFor(() => expect(statusText(root)).toBe(t.status.confirmed));
    await expect(root.querySelector('form')).toBeNull();
    await expect(get(root, '[part~="result"]').textContent).toContain(t.shiftStatus.confirmed);
  },
};

/** The chosen shift is full but takes a waitlist. */
export const Waitlisted: Story = {
  play: async ({ canvasElement, globals }) => {
    const root = await formOf(canvasElement);
    await signUp(root, [SHIFT.fullWithWaitlist]);
    const t = strings(globals);
    await waitFor(() => expect(statusText(root)).toBe(t.status.waitlisted));
    await expect(get(root, '[part~="result"]').textContent).toContain(t.shiftStatus.waitlisted);
  },
};

/**
 * Someone took the last places while the visitor was typing: 409 `shift_full` with the full `shiftIds`. The shift
 * is now marked full, the other shifts are offered, and what the visitor typed is still there.
 */
export const Full: Story = {
  tags: ['network-error-expected'],
  parameters: { msw: { handlers: opportunityHandlers(openOpportunity, { outcome: 'shift_full' }) } },
  play: async ({ canvasElement, globals }) => {
    const root = await formOf(canvasElement);
    await signUp(root, [SHIFT.nearlyFull]);
    const t = strings(globals);
    const fullPrefix = t.status.full.split('{{shifts}}')[0];
    await waitFor(() => expect(statusText(root).startsWith(fullPrefix)).toBe(true));
    await waitFor(() => expect(get(root, `input[value="${SHIFT.nearlyFull}"]`).disabled).toBe(true));
    await expect(get(root, `input[value="${SHIFT.nearlyFull}"]`).checked).toBe(false);
    await expect(get(root, `input[value="${SHIFT.open}"]`).disabled).toBe(false);
    await expect(get(root, 'input[name="name"]').value).toBe(volunteer.name);
    await expect(get(root, 'input[name="email"]').value).toBe(volunteer.email);
  },
};

/** 409 `already_signed_up`: the same person (normalised e-mail or phone) on the same shift. */
export const AlreadySignedUp: Story = {
  tags: ['network-error-expected'],
  parameters: { msw: { handlers: opportunityHandlers(openOpportunity, { outcome: 'already_signed_up' }) } },
  play: async ({ canvasElement, globals }) => {
    const root = await formOf(canvasElement);
    await signUp(root);
    await waitFor(() => expect(statusText(root)).toBe(strings(globals).status.already));
    await expect(root.querySelector('form')).toBeTruthy();
  },
};

/**
 * The network fails as the visitor submits (a phone in a mountain village): the signup is kept in the browser
 * and will be sent when the connection comes back. The fake network stays down in this story.
 */
export const QueuedOffline: Story = {
  tags: ['network-error-expected'],
  parameters: { msw: { handlers: opportunityHandlers(openOpportunity, { outcome: 'network' }) } },
  play: async ({ canvasElement, globals }) => {
    const root = await formOf(canvasElement);
    await signUp(root);
    await waitFor(() => expect(statusText(root)).toBe(strings(globals).status.queued));
    await expect(root.querySelector('form')).toBeNull();
    // "Saved" is true: the signup is in IndexedDB, where a reload will find it.
    await expect(await outboxSize()).toBe(1);
  },
};

/**
 * 403 `origin_not_allowed`: the page's site is not on the opportunity's list. Final and readable (retrying cannot
 * help); the stored signup is deleted, and the console names the command that allows the site.
 */
export const OriginNotAllowed: Story = {
  tags: ['network-error-expected'],
  parameters: { msw: { handlers: opportunityHandlers(openOpportunity, { outcome: 'origin_not_allowed' }) } },
  play: async ({ canvasElement, globals }) => {
    const root = await formOf(canvasElement);
    await signUp(root);
    await waitFor(() => expect(statusText(root)).toBe(strings(globals).errors.origin_not_allowed));
    await expect(root.querySelector('form')).toBeNull();
    await expect(root.querySelector('[part~="retry"]')).toBeNull();
    await waitFor(async () => expect(await outboxSize()).toBe(0));
  },
};

/** 409 `shift_closed`: the organiser closed the chosen shift meanwhile; it is unticked and can no longer be picked. */
export const ShiftClosed: Story = {
  tags: ['network-error-expected'],
  parameters: { msw: { handlers: opportunityHandlers(openOpportunity, { outcome: 'shift_closed' }) } },
  play: async ({ canvasElement }) => {
    const root = await formOf(canvasElement);
    await signUp(root);
    await waitFor(() => expect(get(root, `input[value="${SHIFT.open}"]`).disabled).toBe(true));
    await expect(get(root, `input[value="${SHIFT.open}"]`).checked).toBe(false);
    await expect(get(root, 'input[name="email"]').value).toBe(volunteer.email);
  },
};

/**
 * One shift confirmed, the other full and on its waitlist, with three people already in line: the server calls the
 * signup waitlisted, and the widget says which part is confirmed and gives the place in line.
 */
export const MixedAnswer: Story = {
  parameters: {
    msw: { handlers: opportunityHandlers(openOpportunity, { waitlisted: { [SHIFT.fullWithWaitlist]: 3 } }) },
  },
  play: async ({ canvasElement, globals }) => {
    const root = await formOf(canvasElement);
    await signUp(root, [SHIFT.open, SHIFT.fullWithWaitlist]);
    const t = strings(globals);
    await waitFor(() => expect(statusText(root)).toBe(t.status.mixed));
    const result = get(root, '[part~="result"]').textContent ?? '';
    await expect(result).toContain(t.shiftStatus.confirmed);
    await expect(result).toContain(t.shiftStatus.waitlistedAt.replace('{{formatted}}', '4'));
  },
};

/**
 * 409 `opportunity_closed`: the organiser closed signups while the visitor was typing. Final: the message, no
 * form, no Retry.
 */
export const OpportunityClosedOnSubmit: Story = {
  tags: ['network-error-expected'],
  parameters: { msw: { handlers: opportunityHandlers(openOpportunity, { outcome: 'opportunity_closed' }) } },
  play: async ({ canvasElement, globals }) => {
    const root = await formOf(canvasElement);
    await signUp(root);
    await waitFor(() => expect(statusText(root)).toBe(strings(globals).errors.opportunity_closed));
    await expect(root.querySelector('form')).toBeNull();
    await expect(root.querySelector('[part~="retry"]')).toBeNull();
  },
};

/** The organiser closed signups: the opportunity is still described, without a form. */
export const Closed: Story = {
  parameters: { msw: { handlers: opportunityHandlers(closedOpportunity) } },
  play: async ({ canvasElement, globals }) => {
    const root = await shadowOf(canvasElement);
    await waitFor(() =>
      expect(root.querySelector('[part~="closed"]')?.textContent?.trim()).toBe(strings(globals).closed),
    );
    await expect(root.querySelector('form')).toBeNull();
  },
};

/** 500 with a problem+json body while loading: a readable message and a Retry button. */
export const ServerError: Story = {
  tags: ['network-error-expected'],
  parameters: { msw: { handlers: serverErrorHandlers } },
  play: async ({ canvasElement }) => {
    const root = await shadowOf(canvasElement);
    await waitFor(() => expect(root.querySelector('[part~="retry"]')).toBeTruthy(), afterRetries);
    await expect(root.querySelector('[part~="error"]')?.textContent).not.toContain('Internal Server Error');
  },
};

/** 404 `opportunity_not_found`: a translated message, no Retry (retrying cannot make it appear). */
export const NotFound: Story = {
  tags: ['network-error-expected'],
  args: { opportunity: 'no-such-opportunity' },
  parameters: { msw: { handlers: notFoundHandlers } },
  play: async ({ canvasElement, globals }) => {
    const root = await shadowOf(canvasElement);
    const message = strings(globals).errors.opportunity_not_found;
    await waitFor(() => expect(root.querySelector('[part~="error"]')?.textContent?.trim()).toBe(message));
    await expect(root.querySelector('[part~="retry"]')).toBeNull();
  },
};

/**
 * `spamProtection: 'pow'`: on submit the widget fetches an ALTCHA challenge and solves it in a Web Worker. The mock
 * creates a cheap challenge and checks the solution with altcha-lib, so the story only confirms a real solve.
 */
export const ProofOfWork: Story = {
  parameters: { msw: { handlers: powHandlers(powOpportunity) } },
  play: async ({ canvasElement, globals }) => {
    const root = await formOf(canvasElement);
    await signUp(root);
    await waitFor(() => expect(statusText(root)).toBe(strings(globals).status.confirmed), { timeout: 10_000 });
  },
};
