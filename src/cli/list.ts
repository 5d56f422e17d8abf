import { Option, type Command } from 'commander';
import type { ConversationsClient } from '../client/types';
import { MOCK_CREDENTIALS } from '../prism/launcher';
import { startSimulator } from '../simulator';
import { createParamEncoder, pageSizeForLimit, type ListParams } from '../client/params';
import { checkConcurrency, DAY_ORDERS, type DayOrder } from '../client/shards';
import { createSpecValidators } from '../schema/validate';
import { VALIDATION_MODES, type ValidationMode } from '../client/response-check';
import { deref, exampleServiceSid, listParameters } from '../schema/spec';
import { createClient, type ConnectFlags } from './connect';
import {
  exitForSignal,
  EXIT,
  EXIT_TEXT,
  isTerminal,
  NAME,
  onInterrupt,
  UsageError,
  useColor,
  type CliIo,
} from './common';
import { positive, wholeNumber } from './options';
import { createFormatter, FORMATS, type Format } from './output';
import { createProgress } from './progress';

type Progress = ReturnType<typeof createProgress>;
import { createSink } from './sink';

export interface ListFlags extends ConnectFlags {
  service?: string;
  state?: NonNullable<ListParams['state']>;
  startDate?: string;
  endDate?: string;
  pageSize?: number;
  limit?: number;
  concurrency?: number;
  order?: DayOrder;
  bufferBytes?: number;
  format: Format;
  csvRaw?: boolean;
  validate: ValidationMode;
  mock?: boolean;
  accountSid?: string;
  apiKey?: string;
  baseUrl?: string;
  verbose?: boolean;
  dangerouslyAllowInsecureHttp?: boolean;
}

/** `list`: streams a service's conversations to stdout in the chosen format. */
export async function runList(flags: ListFlags, io: CliIo): Promise<number> {
  if (flags.mock && (flags.baseUrl || flags.accountSid || flags.apiKey))
    throw new UsageError(
      '--mock lists from the simulator, with no account: leave out --base-url, --account-sid and --api-key',
    );
  const service = flags.service ?? io.env.TWILIO_CHAT_SERVICE_SID ?? (flags.mock ? exampleServiceSid() : undefined);
  const params: ListParams = {
    chatServiceSid: service ?? '',
    state: flags.state,
    startDate: flags.startDate,
    endDate: flags.endDate,
    pageSize: flags.pageSize ?? pageSizeForLimit(flags.limit),
  };
  // Bad options fail first: before credentials are looked at, and before a mock starts.
  if (service) createParamEncoder(createSpecValidators())(params);
  checkConcurrency(flags.concurrency, params);
  if ((flags.order !== undefined || flags.bufferBytes !== undefined) && !(flags.concurrency && flags.concurrency > 1))
    throw new UsageError('--order and --buffer-bytes apply to a listing by day: add --concurrency 2 or more');
  // The stateful simulator, not Prism: it honours every filter and page size given (Prism answers
  // each request with the same example page).
  const mock = flags.mock ? await startSimulator({ ...MOCK_CREDENTIALS, serviceSids: [service!] }) : undefined;
  try {
    const progress = createProgress(io.stderr, {
      live: isTerminal(io.stderr) && !isTerminal(io.stdout),
      summary: isTerminal(io.stderr),
    });
    const client = createClient(flags, io, mock, progress);
    if (!service) throw new UsageError('no service: pass --service IS... or set TWILIO_CHAT_SERVICE_SID');
    return await stream(client, params, flags, io, progress);
  } finally {
    await mock?.close();
  }
}

async function stream(
  client: ConversationsClient,
  params: ListParams,
  flags: ListFlags,
  io: CliIo,
  progress: Progress,
): Promise<number> {
  const sink = createSink(io.stdout);
  const formatter = createFormatter(flags.format, { color: useColor(io.stdout, io.env), csvRaw: flags.csvRaw });
  const controller = new AbortController();
  let stoppedBy: NodeJS.Signals | undefined;
  const dispose = onInterrupt(io, (signal) => {
    stoppedBy = signal;
    controller.abort(new Error(`stopped by ${signal}`));
  });
  void sink.whenClosed.then(() => controller.abort(new Error('the output was closed')));

  let count = 0;
  let failure: unknown;
  // The header (or '[') waits for the first page: bad input or a failed first request prints nothing on stdout.
  let begun = false;
  const begin = async () => {
    if (!begun) await sink.write(formatter.begin());
    begun = true;
  };
  try {
    pages: for await (const page of client.iteratePages(
      {
        ...params,
        limit: flags.limit,
        concurrency: flags.concurrency,
        order: flags.order,
        bufferBytes: flags.bufferBytes,
      },
      { signal: controller.signal },
    )) {
      await begin();
      progress.page(page.conversations.length);
      for (const conversation of page.conversations) {
        if (controller.signal.aborted) break pages;
        await sink.write(formatter.item(conversation, count++));
        if (count === flags.limit) break pages;
      }
    }
  } catch (error) {
    // Aborting (Ctrl-C, or the reader leaving) ends the listing quietly; anything else is reported below.
    if (!controller.signal.aborted) failure = error;
  } finally {
    dispose();
    progress.clear();
  }
  if (!(failure && !begun)) {
    // Whatever stopped the listing, what was printed is completed (a JSON array is closed).
    await begin();
    await sink.write(formatter.end(count));
  }
  sink.release();
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- the value caught above, rethrown as it came
  if (failure) throw failure;
  if (stoppedBy) {
    io.stderr.write(
      `stopped by ${stoppedBy === 'SIGINT' ? 'Ctrl-C' : stoppedBy} after ${count} conversation${count === 1 ? '' : 's'}; everything printed is complete\n`,
    );
    return exitForSignal(stoppedBy);
  }
  if (!sink.closed) progress.summary(count);
  return EXIT.ok;
}

/** `list`: its options and help. */
// (Over 60 lines: a declarative list of the options and their help, nothing else.)
export function listCommand(program: Command, io: CliIo, done: (code: number) => void): void {
  const states = deref<{ enum?: string[] }>(listParameters().get('State')?.schema).enum ?? [];
  program
    .command('list')
    .description("list a service's conversations, streamed page by page (Ctrl-C stops cleanly)")
    .option('--service <sid>', 'ChatServiceSid, IS followed by 32 hex digits (default: TWILIO_CHAT_SERVICE_SID)')
    .addOption(new Option('--state <state>', 'only conversations in this state').choices(states))
    .option(
      '--start-date <date>',
      'only conversations created at or after this ISO 8601 date-time (2026-01-31T09:30:00Z) or date (2026-01-31: from the start of that UTC day)',
    )
    .option(
      '--end-date <date>',
      'only conversations created at or before this ISO 8601 date-time or date (2026-01-31: to the end of that UTC day, 23:59:59Z)',
    )
    .option(
      '--page-size <n>',
      'conversations per request (the spec allows 1 to 1000; the server defaults to 50)',
      wholeNumber,
    )
    .option('--limit <n>', 'stop after this many conversations; no further page is requested', positive)
    .option(
      '--concurrency <n>',
      'list this many UTC days of the --start-date..--end-date window at once (end: now by default); same output, same order; halved on 429s',
      positive,
    )
    .addOption(
      new Option(
        '--order <order>',
        "with --concurrency: listing (default) prints in the one listing's order; any prints " +
          'each page as it arrives (each conversation once, faster when days differ in length)',
      ).choices(DAY_ORDERS),
    )
    .option(
      '--buffer-bytes <n>',
      'with --concurrency: bytes of pages held for output, all days together, before the days ahead stop fetching (default 16777216, 16 MiB)',
      wholeNumber,
    )
    .addOption(
      new Option(
        '--format <format>',
        'output format; table and csv are for people and spreadsheets, ndjson streams one JSON object a line',
      )
        .choices(FORMATS)
        .default('table'),
    )
    .option(
      '--csv-raw',
      'with --format csv: cells exactly as received. By default a cell that starts like a spreadsheet ' +
        "formula (= + - @, tab, CR) gets a leading ' and control characters are shown as escapes (\\x1b)",
    )
    .addOption(
      new Option(
        '--validate <mode>',
        'check each page against the spec: off, warn (one line on stderr per distinct problem) or strict (stop with exit 1)',
      )
        .choices(VALIDATION_MODES)
        .default('warn'),
    )
    .option(
      '--mock',
      'list from the stateful simulator (100 conversations generated from the spec, seed 1): no account needed; every filter and page size applies',
    )
    .option(
      '--account-sid <sid>',
      'Account SID (default: TWILIO_ACCOUNT_SID); the Auth Token is read from TWILIO_AUTH_TOKEN only',
    )
    .option(
      '--api-key <sid>',
      'API key SID instead of the Auth Token (default: TWILIO_API_KEY); its secret from TWILIO_API_SECRET only',
    )
    .option(
      '--base-url <url>',
      'API root (default: TWILIO_CONVERSATIONS_BASE_URL, else https://conversations.twilio.com)',
    )
    .option(
      '--verbose',
      'print each request and answer on stderr: method, URL, status, time, request id (never a header or secret)',
    )
    .option(
      '--dangerously-allow-insecure-http',
      'allow a plain-http --base-url on another host (a mock in docker-compose); credentials then travel unencrypted',
    )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        `  $ ${NAME} list --mock --limit 5`,
        `  $ ${NAME} list --service IS0123456789abcdef0123456789abcdef --state active --format csv > active.csv`,
        `  $ ${NAME} list --format ndjson --validate strict | head -n 100`,
        `  $ ${NAME} list --start-date 2026-01-01 --concurrency 4 --format ndjson > since-january.ndjson`,
        `  $ ${NAME} list --start-date 2026-01-01 --concurrency 8 --order any --format ndjson > unordered.ndjson`,
        '',
        'Credentials come from the environment (TWILIO_ACCOUNT_SID + TWILIO_AUTH_TOKEN, or TWILIO_API_KEY + ' +
          'TWILIO_API_SECRET); secrets are never taken as flags, so they stay out of shell history and process lists.',
        EXIT_TEXT,
      ].join('\n'),
    )
    .action(async (flags: ListFlags) => {
      done(await runList(flags, io));
    });
}
