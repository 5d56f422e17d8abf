import { mkdir, writeFile } from 'node:fs/promises';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import {
  CHECK_NAMES,
  formatJunit,
  formatText,
  loadRecorded,
  RecordedInputError,
  verifyExchanges,
  verifyTarget,
  type CheckName,
  type Verification,
} from '../conformance';
import path from 'node:path';
import { startPrismMock } from '../prism/launcher';
import {
  diffSpecs,
  drift,
  failsPolicy,
  formatChanges,
  loadAcknowledgements,
  loadSpecSource,
  SpecSourceError,
  counts,
} from '../spec-diff';
import { DEFAULT_BASE_URL, deref, exampleServiceSid, listParameters, specPath } from '../spec/spec';
import { printable } from '../text/printable';
import { packageVersion } from '../client/version';

import { ConfigurationError, ConversationsError, RequestValidationError } from '../client/errors';
import { envScrubber, EXIT, UsageError, useColor, type CliIo } from './common';
import { runList, type ListFlags } from './list';
import { runMock } from './mock';
import { FORMATS } from './output';
import { VALIDATION_MODES } from '../client/response-check';

export { EXIT } from './common';

const NAME = 'conversations-contract';

interface VerifyFlags {
  live?: boolean;
  mock?: boolean;
  format: 'text' | 'json' | 'junit';
  output?: string;
  junit?: string;
  strict?: boolean;
  skip?: CheckName[];
  only?: CheckName[];
  maxPages?: number;
  timeout?: number;
  service?: string;
  dangerouslyAllowInsecureHttp?: boolean;
}

/** Runs the command line; resolves to the exit code instead of exiting, so it can be tested in-process. */
export async function main(
  argv: string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command(NAME)
    .description(
      'List and verify Twilio Conversations: GET /v1/Services/{ChatServiceSid}/Conversations, typed and checked against its OpenAPI description',
    )
    .option('--debug', 'print the stack trace of an error, not only its one-line message')
    .version(`${NAME} ${packageVersion()}`, '-V, --version', 'print the version and exit')
    .exitOverride()
    .showSuggestionAfterError()
    // One style for every error: the parser's ("error: option ...") is said like the tool's own.
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) =>
        write(
          `${NAME}: ${printable(
            s
              .replace(/^error: /, '')
              .replace(/ is invalid\. /, ' is invalid: ')
              .trimEnd(),
          )}\n`,
        ),
    })
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        `  $ ${NAME} list --mock`,
        `  $ ${NAME} list --service IS... --state active --format csv > conversations.csv`,
        `  $ ${NAME} verify --mock`,
        '',
        EXIT_TEXT,
      ].join('\n'),
    );

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
    .addOption(
      new Option(
        '--format <format>',
        'output format; table and csv are for people and spreadsheets, ndjson streams one JSON object a line',
      )
        .choices(FORMATS)
        .default('table'),
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
      'start Prism on the bundled spec and list from it: no account needed (needs @stoplight/prism-cli installed)',
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
        '',
        'Credentials come from the environment (TWILIO_ACCOUNT_SID + TWILIO_AUTH_TOKEN, or TWILIO_API_KEY + TWILIO_API_SECRET); secrets are never taken as flags, so they stay out of shell history and process lists.',
        EXIT_TEXT,
      ].join('\n'),
    )
    .action(async (flags: ListFlags) => {
      code = await runList(flags, io);
    });

  program
    .command('mock')
    .description(
      'start Prism on the bundled spec and print its URL on stdout until Ctrl-C (needs @stoplight/prism-cli installed)',
    )
    .option('--port <n>', 'port on 127.0.0.1 (default: a free one)', port)
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        `  $ ${NAME} mock`,
        `  $ ${NAME} mock --port 4010 &  # then point TWILIO_CONVERSATIONS_BASE_URL at http://127.0.0.1:4010`,
        '',
        EXIT_TEXT,
      ].join('\n'),
    )
    .action(async (flags: { port?: number }) => {
      code = await runMock(flags, io);
    });

  program
    .command('verify')
    .description(
      'check responses against the spec: recorded files (JSON bodies, HAR, folders), the live API, or the mock',
    )
    .argument(
      '[paths...]',
      'recorded responses: .json files (a body or an array of bodies), .har files, or folders of them',
    )
    .option(
      '--live',
      'list the real API: needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_CHAT_SERVICE_SID (TWILIO_CONVERSATIONS_BASE_URL overrides the host)',
    )
    .option('--mock', 'start Prism on the bundled spec and check its answers (needs @stoplight/prism-cli)')
    .addOption(new Option('--format <format>', 'report format').choices(['text', 'json', 'junit']).default('text'))
    .option('--output <file>', 'write the report to a file instead of standard output')
    .option('--junit <file>', 'also write a JUnit XML report to this file')
    .option('--strict', 'unknown properties and enum values fail the run (otherwise they are reported as drift)')
    .option('--skip <checks>', `comma-separated checks to turn off (${CHECK_NAMES.join(', ')})`, parseChecks)
    .option('--only <checks>', 'comma-separated checks to run, all others off', parseChecks)
    .option('--max-pages <n>', 'stop a live listing after this many pages', parsePositive)
    .option(
      '--timeout <ms>',
      'limit for each request of --live or --mock, from sending to the last byte of the answer (default 30000)',
      parsePositive,
    )
    .option('--service <sid>', 'ChatServiceSid for --live (default: TWILIO_CHAT_SERVICE_SID)')
    .option(
      '--dangerously-allow-insecure-http',
      'with --live, allow a plain-http TWILIO_CONVERSATIONS_BASE_URL on another host (a mock service in CI); credentials then travel unencrypted',
    )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ conversations-contract verify recorded/',
        '  $ conversations-contract verify traffic.har --format junit --output reports/conformance.xml',
        '  $ conversations-contract verify --live --max-pages 20 --junit reports/live.xml',
        '',
        'Exit status: 0 conforms, 1 does not conform, 2 bad usage or missing credentials.',
      ].join('\n'),
    )
    .action(async (paths: string[], flags: VerifyFlags) => {
      code = await verify(paths, flags, io);
    });

  program
    .command('diff')
    .description(
      'list every change to the operation between two versions of the spec, each classified breaking, warning or safe',
    )
    .argument(
      '<base>',
      'the older spec: a file, an http(s) URL, a git ref (its openapi/conversations.yaml) or REF:path',
    )
    .argument('[head]', 'the newer spec, in the same forms (default: the working openapi/conversations.yaml)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a change at least this severe is found')
        .choices(['breaking', 'warning', 'never'])
        .default('never'),
    )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ conversations-contract diff main',
        '  $ conversations-contract diff v0.1.0 HEAD --fail-on breaking',
        '  $ conversations-contract diff old.yaml new.json --format json',
        '',
        'Either side may be OpenAPI 3.0 (nullable) or 3.1. Exit status: 0, or 1 when --fail-on is met; 2 bad usage.',
      ].join('\n'),
    )
    .action(
      async (
        base: string,
        head: string | undefined,
        flags: { format: 'text' | 'json'; failOn: 'breaking' | 'warning' | 'never' },
      ) => {
        const headSource = head ?? defaultSpec();
        const changes = diffSpecs(await load(base), await load(headSource));
        if (flags.format === 'json')
          io.stdout.write(JSON.stringify({ base, head: headSource, counts: counts(changes), changes }, null, 2) + '\n');
        else
          io.stdout.write(
            formatChanges(`Changes from ${base} to ${headSource}`, changes, { color: useColor(io.stdout, io.env) }) +
              '\n',
          );
        code = failsPolicy(changes, flags.failOn) ? EXIT.failed : EXIT.ok;
      },
    );

  program
    .command('drift')
    .description(
      "compare our spec with Twilio's published description of the operation; differences not acknowledged fail",
    )
    .argument('<upstream>', "Twilio's OpenAPI description: a file or an http(s) URL (OpenAPI 3.0 or 3.1)")
    .option('--ours <spec>', 'our spec (default: the bundled openapi/conversations.yaml)')
    .option(
      '--acknowledged <file>',
      'differences kept on purpose, each with a reason (default: openapi/upstream-differences.yaml)',
    )
    .option('--all', 'also list the acknowledged differences with their reasons')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ conversations-contract drift twilio_conversations_v1.json',
        '  $ conversations-contract drift https://raw.githubusercontent.com/twilio/twilio-oai/main/spec/json/twilio_conversations_v1.json --all',
        '',
        'Exit status: 0 when every difference is acknowledged, 1 when one is not, 2 bad usage.',
      ].join('\n'),
    )
    .action(
      async (
        upstream: string,
        flags: { ours?: string; acknowledged?: string; all?: boolean; format: 'text' | 'json' },
      ) => {
        const ours = flags.ours ?? defaultSpec();
        const ackFile = flags.acknowledged ?? path.join(path.dirname(defaultSpec()), 'upstream-differences.yaml');
        let acks;
        try {
          acks = loadAcknowledgements(ackFile);
        } catch (error) {
          throw new UsageError(`cannot use ${ackFile}: ${(error as Error).message}`);
        }
        const result = drift(await load(upstream), await load(ours), acks);
        if (flags.format === 'json') io.stdout.write(JSON.stringify({ upstream, ours, ...result }, null, 2) + '\n');
        else io.stdout.write(formatDrift(upstream, result, !!flags.all, useColor(io.stdout, io.env)) + '\n');
        code = result.unacknowledged.length ? EXIT.failed : EXIT.ok;
      },
    );

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    const debug = program.opts().debug === true;
    // Error text can quote a server or a file name: secrets out, control characters made visible.
    const scrub = envScrubber(io.env);
    io.stderr.write(`${NAME}: ${printable(scrub.text(oneLine(error)))}\n`);
    if (debug && error instanceof Error && error.stack)
      io.stderr.write(`${scrub.text(error.stack).split('\n').map(printable).join('\n')}\n`);
    return isUsage(error) ? EXIT.usage : EXIT.failed;
  }
  return code;
}

const EXIT_TEXT =
  'Exit status: 0 success; 1 a check failed, or the API, network or a response failed; 2 bad usage or missing credentials; 130 Ctrl-C (143 SIGTERM).';

function isUsage(error: unknown): boolean {
  return (
    error instanceof UsageError ||
    error instanceof RecordedInputError ||
    error instanceof SpecSourceError ||
    error instanceof ConfigurationError ||
    error instanceof RequestValidationError
  );
}

// Errors are one readable line; the rest (a child's log, every violation) is for --debug.
function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const [first = '', ...rest] = text.split('\n').filter((l) => l.trim() !== '');
  const known = error instanceof ConversationsError || isUsage(error);
  return (known ? first : `unexpected error: ${first}`) + (rest.length ? ' (more with --debug)' : '');
}

async function verify(paths: string[], flags: VerifyFlags, io: CliIo): Promise<number> {
  const modes = [paths.length > 0, !!flags.live, !!flags.mock].filter(Boolean).length;
  if (modes !== 1)
    throw new UsageError(
      'give recorded files or folders, or --live, or --mock (exactly one of them); see verify --help',
    );
  if (flags.skip && flags.only) throw new UsageError('use --skip or --only, not both');
  const checks = flags.only ?? CHECK_NAMES.filter((c) => !flags.skip?.includes(c));
  const scrub = envScrubber(io.env);
  const options = { checks, strict: !!flags.strict, scrub };

  let result: Verification;
  if (paths.length) {
    const apiBase = io.env.TWILIO_CONVERSATIONS_BASE_URL ?? DEFAULT_BASE_URL;
    result = verifyExchanges(`recorded responses (${paths.join(', ')})`, await loadRecorded(paths), {
      ...options,
      apiBase,
    });
  } else if (flags.live) {
    const env = io.env;
    const service = flags.service ?? env.TWILIO_CHAT_SERVICE_SID;
    const missing = [
      ['TWILIO_ACCOUNT_SID', env.TWILIO_ACCOUNT_SID],
      ['TWILIO_AUTH_TOKEN', env.TWILIO_AUTH_TOKEN],
      ['TWILIO_CHAT_SERVICE_SID', service],
    ]
      .filter(([, v]) => !v)
      .map(([k]) => k);
    if (missing.length)
      throw new UsageError(
        `live conformance skipped: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set. Nothing was checked.`,
      );
    const baseUrl = env.TWILIO_CONVERSATIONS_BASE_URL ?? 'https://conversations.twilio.com';
    result = await verifyTarget(`live API ${baseUrl}, service ${service}`, {
      ...options,
      baseUrl,
      accountSid: env.TWILIO_ACCOUNT_SID!,
      authToken: env.TWILIO_AUTH_TOKEN!,
      chatServiceSid: service!,
      maxPages: flags.maxPages,
      timeoutMs: flags.timeout,
      dangerouslyAllowInsecureHttp: flags.dangerouslyAllowInsecureHttp === true,
      probes: ['unknown-service', 'wrong-credentials'],
    });
  } else {
    let prism;
    try {
      prism = await startPrismMock();
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    try {
      const service = exampleServiceSid();
      result = await verifyTarget(`Prism mock of the bundled spec (${prism.url})`, {
        ...options,
        baseUrl: prism.url,
        accountSid: `AC${'0'.repeat(32)}`,
        authToken: 'mock-token',
        chatServiceSid: service,
        maxPages: flags.maxPages ?? 10,
        timeoutMs: flags.timeout,
        filters: false, // Prism answers every filter with the same example page
        probes: ['no-credentials'],
      });
    } finally {
      await prism.stop();
    }
  }

  // A run that checked nothing proves nothing: never a pass, and not a failure of the target either.
  if (result.report.nothingChecked !== undefined)
    throw new UsageError(
      `nothing to check: ${result.report.nothingChecked}. A broken or empty recording must not turn CI green.`,
    );
  const color = flags.output === undefined && useColor(io.stdout, io.env);
  const rendered =
    flags.format === 'json'
      ? JSON.stringify(result.report, null, 2) + '\n'
      : flags.format === 'junit'
        ? formatJunit(result.report, result.runs)
        : formatText(result.report, { color }) + '\n';
  if (flags.output) await writeReport(flags.output, rendered);
  else io.stdout.write(rendered);
  if (flags.junit) await writeReport(flags.junit, formatJunit(result.report, result.runs));
  return result.report.ok ? EXIT.ok : EXIT.failed;
}

// CI jobs name report paths such as reports/junit.xml before any step made the folder.
async function writeReport(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, text);
}

/** The working spec in a checkout, else the one bundled with the package. */
function defaultSpec(): string {
  return specPath();
}

async function load(source: string) {
  try {
    return await loadSpecSource(source);
  } catch (error) {
    if (error instanceof SpecSourceError) throw error;
    throw new SpecSourceError(`cannot read ${source}: ${(error as Error).message}`);
  }
}

function formatDrift(upstream: string, result: ReturnType<typeof drift>, all: boolean, color: boolean): string {
  const total = result.acknowledged.length + result.unacknowledged.length;
  const lines = [
    `Drift from ${printable(upstream)} to our spec: ${total} difference${total === 1 ? '' : 's'}, ${result.acknowledged.length} acknowledged, ${result.unacknowledged.length} new, ${result.stale.length} stale acknowledgement${result.stale.length === 1 ? '' : 's'}`,
  ];
  if (result.unacknowledged.length) {
    lines.push(
      '',
      formatChanges(
        'New differences (add them to the acknowledged file with a reason, or fix the spec)',
        result.unacknowledged,
        { color },
      ),
    );
    for (const c of result.unacknowledged) lines.push(`    id: ${printable(c.id)}`);
  }
  if (result.stale.length)
    lines.push(
      '',
      'Stale acknowledgements (they match no difference any more; delete them):',
      ...result.stale.map((a) => `  ${printable(a.id)}`),
    );
  if (all && result.acknowledged.length)
    lines.push(
      '',
      'Acknowledged:',
      ...result.acknowledged.map(
        (c) => `  ${c.severity.padEnd(8)} ${printable(c.message)}\n           why: ${printable(c.reason)}`,
      ),
    );
  return lines.join('\n');
}

function parseChecks(value: string): CheckName[] {
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(CHECK_NAMES as readonly string[]).includes(n));
  if (unknown.length)
    throw new InvalidArgumentError(`unknown check ${unknown.join(', ')}; known: ${CHECK_NAMES.join(', ')}`);
  return names as CheckName[];
}

function parsePositive(value: string): number {
  return positive(value);
}

function wholeNumber(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('must be a whole number');
  return Number(value);
}

function positive(value: string): number {
  const n = wholeNumber(value);
  if (n < 1) throw new InvalidArgumentError('must be 1 or more');
  return n;
}

function port(value: string): number {
  const n = wholeNumber(value);
  if (n < 1 || n > 65535) throw new InvalidArgumentError('must be a port number, 1 to 65535');
  return n;
}
