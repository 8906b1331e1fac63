import { readFile, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { verifyLedger } from './services/ballots/ledger.js';

const USAGE = `Tadamon admin CLI — calls the admin HTTP API.

Usage: npm run admin -- <command> [options]

Commands:
  create-campaign --file examples/campaign.json
  donate <campaignId> --amount 250 [--currency MAD] [--source card|cash|transfer|pledge] [--name "Donor"] [--anonymous]
      --amount is in major units (dirhams); it is sent in minor units (centimes).
  receive <campaignId> <itemId> --quantity 20
  update-campaign <campaignId> --file changes.json
      changes only the fields in the file (PATCH /admin/campaigns/{id}); "endsAt" set to now ends it.
  create-opportunity --file examples/opportunity.json
  update-opportunity <opportunityId> --file changes.json
      changes only the fields in the file (PATCH /admin/opportunities/{id}).
  allow-origin <opportunityId> <origin>
      lets the pages of a site (https://www.example.ma) send signups for the opportunity.
  disallow-origin <opportunityId> <origin>
  close-opportunity <opportunityId>
      takes no more signups (people already signed up keep their places).
  close-shift <opportunityId> <shiftId>
      this shift takes no more signups; the others still do.
  signups <opportunityId> [--out signups.csv]
      the signups as CSV (UTF-8 with BOM, opens in Excel); printed when --out is not given.
  delete-signup <signupId>
      frees the signup's places and gives them to the first waitlisted people.
  purge [--months 12]
      erases personal data of signups whose last shift ended more than N months ago
      (default: each opportunity's retention period); counts are kept. Run it daily (cron).
      Also erases the emails of ballot votes never confirmed, and mails sent more than 7 days ago.
  create-ballot --file examples/ballot.json
  ballot-partner <ballotId> <partnerId> --name "Akhbar" --origin https://www.akhbar.ma [--origin …]
      adds a partner site (or changes its name and origins): votes from its pages name it as partner.
  publish <ballotId>
      publishes the results of a closed ballot: results and the audit ledger become public.
  results <ballotId>
      totals so far (offline tallies included), pending votes, and confirmed votes per partner site.
  audit <ballotId> [--out audit.jsonl]
      the audit ledger (JSON lines); printed when --out is not given.
  verify-audit <file>
      recomputes an audit ledger's hash chain and totals, offline; names the first line that fails.
  offline-tally <ballotId> --file tally.json
      adds paper ballots: { "source": "…", "totals": [ { "categoryId", "finalistId", "votes" } ] }.

Environment:
  TADAMON_API          base URL of the API (default http://127.0.0.1:8080)
  TADAMON_ADMIN_TOKEN  admin bearer token (printed by the server at start)
`;

class CliError extends Error {}

interface ProblemLike {
  status?: number;
  code?: string;
  title?: string;
  detail?: string;
  errors?: { field: string; code: string }[];
}

function formatProblem(status: number, body: unknown): string {
  const problem = (typeof body === 'object' && body !== null ? body : {}) as ProblemLike;
  const lines = [`Error ${status}: ${problem.code ?? 'unknown_error'}${problem.detail ? ` — ${problem.detail}` : ''}`];
  for (const error of problem.errors ?? []) lines.push(`  ${error.field || '(body)'}: ${error.code}`);
  return lines.join('\n');
}

async function post(path: string, body: unknown, method = 'POST'): Promise<unknown> {
  const text = await call(method, path, body);
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON (a proxy error page, say): shown as it is.
    return text;
  }
}

/** One admin request; the answer's text when 2xx, else a CliError with the problem made readable. */
async function call(method: string, path: string, body?: unknown): Promise<string> {
  const base = (process.env.TADAMON_API ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
  const token = process.env.TADAMON_ADMIN_TOKEN;
  if (!token) throw new CliError('TADAMON_ADMIN_TOKEN is not set (the server prints its token at start).');
  let response: Response;
  try {
    response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new CliError(
      `Cannot reach ${base}: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : String(error)}`,
    );
  }
  // Not response.text(): it drops the byte order mark, which Excel needs to read the CSV export as UTF-8.
  const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
  if (!response.ok) {
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON (a proxy error page, say): shown as it is.
    }
    throw new CliError(formatProblem(response.status, parsed));
  }
  return text;
}

async function readJsonFile(file: string | undefined): Promise<unknown> {
  if (!file) throw new CliError(`Missing --file.\n\n${USAGE}`);
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new CliError(`Cannot read ${file}: ${(error as Error).message}`);
  }
}

/** "250" or "250.5" dirhams → centimes, without floating-point rounding surprises. */
export function toMinorUnits(amount: string): number {
  const trimmed = amount.trim();
  if (/^-/.test(trimmed)) throw new CliError(`--amount must be more than zero, not "${amount}".`);
  const match = /^(\d{1,11})(?:[.,](\d{1,2}))?$/.exec(trimmed);
  if (!match) throw new CliError(`--amount must be an amount in dirhams like 250 or 99.50, not "${amount}".`);
  const minor = Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
  if (minor <= 0) throw new CliError('--amount must be more than zero.');
  return minor;
}

const decimals = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const count = new Intl.NumberFormat('en-US');
/** Minor units as people write them: 12600000 → "126,000.00". */
const major = (minor: number) => decimals.format(minor / 100);
const plural = (n: number, one: string, many: string) => `${count.format(n)} ${n === 1 ? one : many}`;

/** The English text of a LocalizedText, else French, else any. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  const byLanguage = (value ?? {}) as Record<string, string>;
  return byLanguage.en ?? byLanguage.fr ?? Object.values(byLanguage)[0] ?? '';
}

interface CampaignLike {
  id?: string;
  raised?: number;
  goal?: number;
  currency?: string;
  donors?: number;
  status?: string;
  items?: { id: string; unit?: unknown; label?: unknown; needed: number; received: number }[];
}

function summary(result: unknown): string {
  const campaign = result as CampaignLike;
  if (typeof campaign.raised !== 'number') return JSON.stringify(result, null, 2);
  const ended = campaign.status === 'ended' ? ' (ended)' : '';
  return `${campaign.id}: ${major(campaign.raised)} ${campaign.currency} raised of ${major(campaign.goal ?? 0)} from ${plural(campaign.donors ?? 0, 'donation', 'donations')}${ended}`;
}

interface OpportunityLike {
  id?: string;
  status?: string;
  allowedOrigins?: string[];
  shifts?: { id: string; capacity: number; remaining: number; closed?: boolean }[];
}

function opportunitySummary(result: unknown, what: string): string {
  const opportunity = result as OpportunityLike;
  const closed = opportunity.status === 'closed' ? ' (closed: takes no signups)' : '';
  const shifts = (opportunity.shifts ?? []).map(
    (shift) =>
      `  ${shift.id}: ${shift.remaining} of ${plural(shift.capacity, 'place', 'places')} left${shift.closed ? ' (closed)' : ''}`,
  );
  return [`${opportunity.id}: ${what}${closed}`, ...shifts].join('\n');
}

interface BallotLike {
  id?: string;
  status?: string;
  votesCast?: number;
  partners?: { id: string; name: unknown; origins: string[] }[];
}

function ballotSummary(result: unknown, what: string): string {
  const ballot = result as BallotLike;
  const partners = (ballot.partners ?? []).map((partner) => `  partner ${partner.id}: ${partner.origins.join(', ')}`);
  return [
    `${ballot.id}: ${what} (${ballot.status}, ${plural(ballot.votesCast ?? 0, 'vote', 'votes')} counted)`,
    ...partners,
  ].join('\n');
}

interface ResultsLike {
  status: string;
  votesCast: number;
  pending: number;
  categories: { id: string; totals: { finalistId: string; votes: number; offline?: number }[] }[];
  partners: { partner: string | null; votes: number }[];
}

function resultsSummary(results: ResultsLike): string {
  const lines = [
    `${results.status}: ${plural(results.votesCast, 'vote', 'votes')} counted, ${count.format(results.pending)} waiting for confirmation`,
  ];
  for (const category of results.categories) {
    lines.push(`${category.id}`);
    for (const total of category.totals) {
      const offline = total.offline ? ` (${count.format(total.offline)} on paper)` : '';
      lines.push(`  ${total.finalistId}: ${count.format(total.votes)}${offline}`);
    }
  }
  for (const partner of results.partners) {
    lines.push(`via ${partner.partner ?? 'the organiser’s pages'}: ${plural(partner.votes, 'vote', 'votes')}`);
  }
  return lines.join('\n');
}

/** "https://www.example.ma/page" → "https://www.example.ma": what a browser sends as `Origin`. */
function toOrigin(value: string | undefined): string {
  if (!value) throw new CliError(`Missing origin.\n\n${USAGE}`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CliError(`"${value}" is not a site address; write it like https://www.example.ma`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new CliError(`"${value}" is not a web site address; write it like https://www.example.ma`);
  }
  return url.origin;
}

/** Options whose value may look like an option ("--amount -5"): joined, so the value's own check explains it. */
const VALUE_OPTIONS = new Set(['--amount', '--quantity', '--months']);
function joinNegativeValues(argv: string[]): string[] {
  const joined: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    if (VALUE_OPTIONS.has(argv[index]) && /^-\d/.test(argv[index + 1] ?? '')) {
      joined.push(`${argv[index]}=${argv[index + 1]}`);
      index++;
    } else joined.push(argv[index]);
  }
  return joined;
}

export async function run(argv: string[]): Promise<string> {
  const { values, positionals } = parseArgs({
    args: joinNegativeValues(argv),
    allowPositionals: true,
    options: {
      help: { type: 'boolean', short: 'h' },
      file: { type: 'string' },
      amount: { type: 'string' },
      currency: { type: 'string' },
      source: { type: 'string' },
      name: { type: 'string' },
      anonymous: { type: 'boolean' },
      quantity: { type: 'string' },
      out: { type: 'string' },
      months: { type: 'string' },
      origin: { type: 'string', multiple: true },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) return USAGE;
  const segment = (value: string | undefined, what: string) => {
    if (!value) throw new CliError(`Missing ${what}.\n\n${USAGE}`);
    return encodeURIComponent(value);
  };

  switch (command) {
    case 'create-campaign':
      return summary(await post('/admin/campaigns', await readJsonFile(values.file)));
    case 'donate': {
      const campaignId = segment(rest[0], 'campaign id');
      if (!values.amount) throw new CliError(`Missing --amount.\n\n${USAGE}`);
      const body = {
        amount: toMinorUnits(values.amount),
        ...(values.currency ? { currency: values.currency.toUpperCase() } : {}),
        ...(values.source ? { source: values.source } : {}),
        ...(values.name ? { donorName: values.name } : {}),
        ...(values.anonymous ? { anonymous: true } : {}),
      };
      return summary(await post(`/admin/campaigns/${campaignId}/donations`, body));
    }
    case 'receive': {
      const campaignId = segment(rest[0], 'campaign id');
      const itemId = segment(rest[1], 'item id');
      if (!values.quantity) throw new CliError(`Missing --quantity.\n\n${USAGE}`);
      const quantity = Number(values.quantity);
      if (!/^\d+$/.test(values.quantity.trim()) || quantity <= 0)
        throw new CliError(`--quantity must be a whole number more than zero, not "${values.quantity}".`);
      const campaign = (await post(`/admin/campaigns/${campaignId}/items/${itemId}/receipts`, {
        quantity,
      })) as CampaignLike;
      const item = campaign.items?.find((candidate) => candidate.id === rest[1]);
      if (!item) return summary(campaign);
      const unit = text(item.unit ?? item.label);
      return `${item.id}: ${count.format(quantity)} received; ${count.format(item.received)} of ${count.format(item.needed)} ${unit} received in all`;
    }
    case 'update-campaign': {
      const campaignId = segment(rest[0], 'campaign id');
      return summary(await post(`/admin/campaigns/${campaignId}`, await readJsonFile(values.file), 'PATCH'));
    }
    case 'create-opportunity':
      return opportunitySummary(await post('/admin/opportunities', await readJsonFile(values.file)), 'created');
    case 'update-opportunity': {
      const opportunityId = segment(rest[0], 'opportunity id');
      const changes = await readJsonFile(values.file);
      return opportunitySummary(await post(`/admin/opportunities/${opportunityId}`, changes, 'PATCH'), 'updated');
    }
    case 'allow-origin':
    case 'disallow-origin': {
      const opportunityId = segment(rest[0], 'opportunity id');
      const origin = toOrigin(rest[1]);
      const current = JSON.parse(await call('GET', `/admin/opportunities/${opportunityId}`)) as OpportunityLike;
      const origins = current.allowedOrigins ?? [];
      const allow = command === 'allow-origin';
      if (origins.includes(origin) === allow) {
        return `${origin} ${allow ? 'was already allowed' : 'was not allowed'} for ${rest[0]}; nothing changed.`;
      }
      const allowedOrigins = allow ? [...origins, origin] : origins.filter((other) => other !== origin);
      const updated = (await post(
        `/admin/opportunities/${opportunityId}`,
        { allowedOrigins },
        'PATCH',
      )) as OpportunityLike;
      return [
        `${origin} ${allow ? 'may now send' : 'may no longer send'} signups for ${rest[0]}.`,
        `Allowed origins: ${(updated.allowedOrigins ?? []).join(', ') || 'none (only the API’s own pages)'}`,
      ].join('\n');
    }
    case 'close-opportunity': {
      const opportunityId = segment(rest[0], 'opportunity id');
      const closed = await post(`/admin/opportunities/${opportunityId}`, { status: 'closed' }, 'PATCH');
      return opportunitySummary(closed, 'closed');
    }
    case 'close-shift': {
      const opportunityId = segment(rest[0], 'opportunity id');
      segment(rest[1], 'shift id');
      const current = JSON.parse(await call('GET', `/admin/opportunities/${opportunityId}`)) as OpportunityLike;
      const shiftIds = (current.shifts ?? []).map((shift) => shift.id);
      // A PATCH with an unknown shift id would try to add a shift: say what the shifts are instead.
      if (!shiftIds.includes(rest[1])) {
        throw new CliError(`No shift "${rest[1]}" in ${rest[0]}; its shifts are: ${shiftIds.join(', ')}.`);
      }
      const updated = await post(
        `/admin/opportunities/${opportunityId}`,
        { shifts: [{ id: rest[1], closed: true }] },
        'PATCH',
      );
      return opportunitySummary(updated, `shift ${rest[1]} closed`);
    }
    case 'signups': {
      const opportunityId = segment(rest[0], 'opportunity id');
      const csv = await call('GET', `/admin/opportunities/${opportunityId}/signups.csv`);
      if (!values.out) return csv;
      await writeFile(values.out, csv, 'utf8');
      return `${Math.max(0, csv.split('\r\n').length - 2)} lines written to ${values.out}`;
    }
    case 'delete-signup': {
      const signupId = segment(rest[0], 'signup id');
      const result = JSON.parse(await call('DELETE', `/admin/signups/${signupId}`)) as {
        promoted: { signupId: string; shiftId: string }[];
      };
      const promoted = result.promoted.map((p) => `  ${p.shiftId}: signup ${p.signupId} moved from the waitlist`);
      return [`signup ${rest[0]} deleted`, ...promoted].join('\n');
    }
    case 'purge': {
      let months: number | undefined;
      if (values.months !== undefined) {
        months = Number(values.months);
        if (!/^\d+$/.test(values.months) || months > 1200)
          throw new CliError('--months must be a whole number of months.');
      }
      const result = (await post('/admin/purge', months === undefined ? {} : { months })) as {
        anonymisedSignups: number;
        expiredIdempotencyKeys: number;
        expiredChallenges: number;
        erasedBallotEmails?: number;
        deletedMails?: number;
      };
      return (
        `${result.anonymisedSignups} signups anonymised; ${result.expiredIdempotencyKeys} idempotency keys and ` +
        `${result.expiredChallenges} challenges expired; ${result.erasedBallotEmails ?? 0} unconfirmed ballot emails ` +
        `erased, ${result.deletedMails ?? 0} sent mails deleted`
      );
    }
    case 'create-ballot':
      return ballotSummary(await post('/admin/ballots', await readJsonFile(values.file)), 'created');
    case 'ballot-partner': {
      const ballotId = segment(rest[0], 'ballot id');
      const partnerId = rest[1];
      if (!partnerId) throw new CliError(`Missing partner id.\n\n${USAGE}`);
      const origins = (values.origin ?? []).map(toOrigin);
      const current = JSON.parse(await call('GET', `/admin/ballots/${ballotId}`)) as BallotLike;
      const partners = current.partners ?? [];
      const existing = partners.find((partner) => partner.id === partnerId);
      if (!existing && (!values.name || origins.length === 0)) {
        throw new CliError(`A new partner needs --name and at least one --origin.\n\n${USAGE}`);
      }
      const changed = {
        id: partnerId,
        name: values.name ?? existing!.name,
        origins: origins.length > 0 ? origins : existing!.origins,
      };
      const next = existing
        ? partners.map((partner) => (partner.id === partnerId ? changed : partner))
        : [...partners, changed];
      const updated = await post(`/admin/ballots/${ballotId}`, { partners: next }, 'PATCH');
      return ballotSummary(updated, `partner ${partnerId} ${existing ? 'updated' : 'added'}`);
    }
    case 'publish': {
      const ballotId = segment(rest[0], 'ballot id');
      return ballotSummary(await post(`/admin/ballots/${ballotId}/publish`, undefined), 'results published');
    }
    case 'results': {
      const ballotId = segment(rest[0], 'ballot id');
      return resultsSummary(JSON.parse(await call('GET', `/admin/ballots/${ballotId}/results`)) as ResultsLike);
    }
    case 'audit': {
      const ballotId = segment(rest[0], 'ballot id');
      const lines = await call('GET', `/admin/ballots/${ballotId}/audit`);
      if (!values.out) return lines.replace(/\n$/, '');
      await writeFile(values.out, lines, 'utf8');
      return `${plural(lines.split('\n').filter(Boolean).length, 'line', 'lines')} written to ${values.out}`;
    }
    case 'verify-audit': {
      const file = rest[0];
      if (!file) throw new CliError(`Missing the audit file.\n\n${USAGE}`);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        throw new CliError(`Cannot read ${file}: ${(error as Error).message}`);
      }
      const verified = verifyLedger(text);
      if (!verified.ok) throw new CliError(`${file}: verification fails at line ${verified.line}: ${verified.reason}`);
      const totals = Object.entries(verified.totals).flatMap(([categoryId, finalists]) =>
        Object.entries(finalists).map(
          ([finalistId, votes]) => `  ${categoryId} / ${finalistId}: ${count.format(votes)}`,
        ),
      );
      return [`${file}: ${plural(verified.lines, 'line', 'lines')} verified; head ${verified.head}`, ...totals].join(
        '\n',
      );
    }
    case 'offline-tally': {
      const ballotId = segment(rest[0], 'ballot id');
      const result = await post(`/admin/ballots/${ballotId}/offline-tallies`, await readJsonFile(values.file));
      return resultsSummary(result as ResultsLike);
    }
    default:
      throw new CliError(`Unknown command "${command}".\n\n${USAGE}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  run(process.argv.slice(2)).then(
    (output) => console.log(output),
    (error: unknown) => {
      // parseArgs errors (unknown option) are user errors too: their message is enough.
      console.error(error instanceof Error ? error.message : String(error));
      process.exitCode = 1;
    },
  );
}
