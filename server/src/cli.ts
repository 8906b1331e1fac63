import { readFile, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const USAGE = `Tadamon admin CLI — calls the admin HTTP API.

Usage: npm run admin -- <command> [options]

Commands:
  create-campaign --file campaign.json
  donate <campaignId> --amount 250 [--currency MAD] [--source card|cash|transfer|pledge] [--name "Donor"] [--anonymous]
      --amount is in major units (dirhams); it is sent in minor units (centimes).
  receive <campaignId> <itemId> --quantity 20
  create-opportunity --file opportunity.json
  signups <opportunityId> [--out signups.csv]
      the signups as CSV (UTF-8 with BOM, opens in Excel); printed when --out is not given.
  delete-signup <signupId>
      frees the signup's places and gives them to the first waitlisted people.
  purge [--months 12]
      erases personal data of signups whose last shift ended more than N months ago
      (default: each opportunity's retention period); counts are kept. Run it daily (cron).

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

async function post(path: string, body: unknown): Promise<unknown> {
  const text = await call('POST', path, body);
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
  const match = /^(\d{1,11})(?:[.,](\d{1,2}))?$/.exec(amount.trim());
  if (!match) throw new CliError(`--amount must be a positive amount like 250 or 99.50, not "${amount}".`);
  const minor = Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
  if (minor <= 0) throw new CliError('--amount must be more than zero.');
  return minor;
}

function summary(result: unknown): string {
  const campaign = result as { id?: string; raised?: number; goal?: number; currency?: string; donors?: number };
  if (typeof campaign.raised !== 'number') return JSON.stringify(result, null, 2);
  return `${campaign.id}: ${(campaign.raised / 100).toFixed(2)} / ${((campaign.goal ?? 0) / 100).toFixed(2)} ${campaign.currency} from ${campaign.donors} donations`;
}

export async function run(argv: string[]): Promise<string> {
  const { values, positionals } = parseArgs({
    args: argv,
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
      const quantity = Number(values.quantity);
      if (!Number.isInteger(quantity) || quantity <= 0)
        throw new CliError('--quantity must be a positive whole number.');
      return summary(await post(`/admin/campaigns/${campaignId}/items/${itemId}/receipts`, { quantity }));
    }
    case 'create-opportunity': {
      const opportunity = (await post('/admin/opportunities', await readJsonFile(values.file))) as {
        id?: string;
        shifts?: { id: string; capacity: number; remaining: number }[];
      };
      const shifts = (opportunity.shifts ?? []).map(
        (shift) => `  ${shift.id}: ${shift.remaining} of ${shift.capacity} places left`,
      );
      return [`${opportunity.id}: created`, ...shifts].join('\n');
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
      };
      return `${result.anonymisedSignups} signups anonymised; ${result.expiredIdempotencyKeys} idempotency keys and ${result.expiredChallenges} challenges expired`;
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
