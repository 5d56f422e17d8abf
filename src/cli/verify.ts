import { writeOutputFile } from '../io/output-file';
import { printable } from '../text/printable';
import { Option, type Command } from 'commander';
import {
  CHECK_NAMES,
  formatGithub,
  formatJunit,
  formatMarkdown,
  formatText,
  type CheckName,
  type Verification,
  type VerifyOptions,
} from '../conformance';
import { verifyLive, verifyMock, verifyRecorded } from '../node';
import { DEFAULT_BASE_URL } from '../schema/spec';
import { envScrubber, EXIT, NAME, UsageError, useColor, type CliIo } from './common';
import { parseChecks, percent, positive } from './options';

export interface VerifyFlags {
  live?: boolean;
  mock?: boolean;
  format: 'text' | 'json' | 'junit' | 'github' | 'markdown';
  output?: string;
  junit?: string;
  record?: string;
  coverage?: boolean;
  coverageThreshold?: number;
  strict?: boolean;
  skip?: CheckName[];
  only?: CheckName[];
  maxPages?: number;
  timeout?: number;
  service?: string;
  dangerouslyAllowInsecureHttp?: boolean;
}

/** `verify`: its options and help. */
export function verifyCommand(program: Command, io: CliIo, done: (code: number) => void): void {
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
    .addOption(
      new Option(
        '--format <format>',
        'report format: github writes workflow-command annotations, markdown a job summary or PR comment',
      )
        .choices(['text', 'json', 'junit', 'github', 'markdown'])
        .default('text'),
    )
    .option('--output <file>', 'write the report to a file instead of standard output')
    .option('--junit <file>', 'also write a JUnit XML report to this file')
    .option(
      '--record <file.har>',
      'with --live or --mock, also save every exchange checked as HAR (no credentials written), for verify and mock --stateful --data to replay',
    )
    .option('--coverage', 'also report what the checked traffic exercised of the contract, and what it never did')
    .option(
      '--coverage-threshold <percent>',
      'fail the run when coverage is below this whole percent (implies --coverage)',
      percent,
    )
    .option('--strict', 'unknown properties and enum values fail the run (otherwise they are reported as drift)')
    .option('--skip <checks>', `comma-separated checks to turn off (${CHECK_NAMES.join(', ')})`, parseChecks)
    .option('--only <checks>', 'comma-separated checks to run, all others off', parseChecks)
    .option('--max-pages <n>', 'stop a live listing after this many pages', positive)
    .option(
      '--timeout <ms>',
      'limit for each request of --live or --mock, from sending to the last byte of the answer (default 30000)',
      positive,
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
        '  $ conversations-contract verify --live --record recordings/nightly.har',
        '  $ conversations-contract verify recordings/ --coverage --coverage-threshold 80',
        '  $ conversations-contract verify recordings/ --format markdown >> "$GITHUB_STEP_SUMMARY"',
        '',
        'Exit status: 0 conforms, 1 does not conform, 2 bad usage or missing credentials.',
      ].join('\n'),
    )
    .action(async (paths: string[], flags: VerifyFlags) => {
      done(await runVerify(paths, flags, io));
    });
}

/** `verify`: runs the checks on the chosen target and writes the report(s). */
export async function runVerify(paths: string[], flags: VerifyFlags, io: CliIo): Promise<number> {
  const modes = [paths.length > 0, !!flags.live, !!flags.mock].filter(Boolean).length;
  if (modes !== 1) {
    throw new UsageError(
      'give recorded files or folders, or --live, or --mock (exactly one of them); see verify --help',
    );
  }
  if (flags.skip && flags.only) throw new UsageError('use --skip or --only, not both');
  if (flags.record !== undefined && paths.length)
    throw new UsageError('--record saves what --live or --mock sees; recorded files are already recorded');
  const options: VerifyOptions = {
    checks: flags.only ?? CHECK_NAMES.filter((c) => !flags.skip?.includes(c)),
    strict: !!flags.strict,
    scrub: envScrubber(io.env),
    coverage: !!flags.coverage,
    coverageThreshold: flags.coverageThreshold,
  };
  const result = paths.length
    ? await verifyRecordedCli(paths, options, io.env)
    : flags.live
      ? await verifyLiveCli(flags, options, io.env)
      : await verifyMockCli(flags, options);

  // A run that checked nothing proves nothing: never a pass, and not a failure of the target either.
  if (result.report.nothingChecked !== undefined) {
    throw new UsageError(
      `nothing to check: ${result.report.nothingChecked}. A broken or empty recording must not turn CI green.`,
    );
  }
  await writeReports(result, flags, io);
  if (result.recordingError) io.stderr.write(`${NAME}: ${printable(result.recordingError.message)}\n`);
  if (!result.report.ok) return EXIT.failed;
  if (result.recordingError) return EXIT.usage;
  // What was read conforms, but not everything given could be read: bad input, not a pass.
  if (result.skipped?.length) {
    const n = result.skipped.length;
    io.stderr.write(
      `${NAME}: ${n} file${n === 1 ? '' : 's'} could not be read and ${n === 1 ? 'was' : 'were'} skipped (listed in the report)\n`,
    );
    return EXIT.usage;
  }
  return EXIT.ok;
}

// The library's runs (conformance/targets.ts), with the command line's words for what is missing.
async function verifyRecordedCli(
  paths: string[],
  options: VerifyOptions,
  env: NodeJS.ProcessEnv,
): Promise<Verification> {
  return verifyRecorded(paths, { ...options, apiBase: env.TWILIO_CONVERSATIONS_BASE_URL ?? DEFAULT_BASE_URL });
}

async function verifyLiveCli(
  flags: VerifyFlags,
  options: VerifyOptions,
  env: NodeJS.ProcessEnv,
): Promise<Verification> {
  const service = flags.service ?? env.TWILIO_CHAT_SERVICE_SID;
  const required = {
    TWILIO_ACCOUNT_SID: env.TWILIO_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: env.TWILIO_AUTH_TOKEN,
    TWILIO_CHAT_SERVICE_SID: service,
  };
  const missing = Object.entries(required)
    .filter(([, v]) => !v)
    .map(([k]) => k);
  if (missing.length) {
    const verb = missing.length === 1 ? 'is' : 'are';
    throw new UsageError(`live conformance skipped: ${missing.join(', ')} ${verb} not set. Nothing was checked.`);
  }
  return verifyLive({
    ...options,
    env,
    chatServiceSid: service,
    maxPages: flags.maxPages,
    timeoutMs: flags.timeout,
    record: flags.record,
    dangerouslyAllowInsecureHttp: flags.dangerouslyAllowInsecureHttp === true,
  });
}

async function verifyMockCli(flags: VerifyFlags, options: VerifyOptions): Promise<Verification> {
  try {
    return await verifyMock({ ...options, maxPages: flags.maxPages, timeoutMs: flags.timeout, record: flags.record });
  } catch (error) {
    // Prism missing, or unable to start: bad usage, said in one line.
    if (error instanceof Error && /^Prism /.test(error.message)) throw new UsageError(error.message);
    throw error;
  }
}

async function writeReports(result: Verification, flags: VerifyFlags, io: CliIo): Promise<void> {
  const color = flags.output === undefined && useColor(io.stdout, io.env);
  const formats: Record<VerifyFlags['format'], () => string> = {
    json: () => JSON.stringify(result.report, null, 2) + '\n',
    junit: () => formatJunit(result.report, result.runs),
    github: () => formatGithub(result.report),
    markdown: () => formatMarkdown(result.report),
    text: () => formatText(result.report, { color }) + '\n',
  };
  const rendered = formats[flags.format]();
  // writeOutputFile makes the folders a CI job names (reports/junit.xml) and moves the report into
  // place whole, or not at all; a device is written through.
  if (flags.output) await writeOutputFile(flags.output, rendered);
  else io.stdout.write(rendered);
  if (flags.junit) await writeOutputFile(flags.junit, formatJunit(result.report, result.runs));
}
