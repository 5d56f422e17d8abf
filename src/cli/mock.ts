import type { Command } from 'commander';
import { MOCK_CREDENTIALS, startPrismMock, type PrismMock } from '../prism/launcher';
import { startSimulator, type Simulator } from '../simulator';
import { exampleServiceSid, listPath } from '../schema/spec';
import { specPath } from '../schema/spec-file';
import { EXIT, EXIT_TEXT, exitForSignal, NAME, onInterrupt, UsageError, type CliIo } from './common';
import { port, positive, wholeNumber } from './options';

export interface MockFlags {
  port?: number;
  stateful?: boolean;
  conversations?: number;
  seed?: string;
  service?: string[];
  data?: string[];
  faults?: string;
  latency?: string;
  maxConcurrent?: number;
}

/** `mock`: runs Prism on the bundled spec, or the stateful simulator, until Ctrl-C; its URL alone on stdout. */
export async function runMock(flags: MockFlags, io: CliIo): Promise<number> {
  const statefulOnly = (
    ['conversations', 'seed', 'service', 'data', 'faults', 'latency', 'maxConcurrent'] as const
  ).filter((k) => flags[k] !== undefined);
  if (!flags.stateful && statefulOnly.length) {
    throw new UsageError(
      `${statefulOnly.map(flagName).join(', ')} ${statefulOnly.length === 1 ? 'needs' : 'need'} --stateful (Prism serves the spec's examples only)`,
    );
  }
  const server = flags.stateful ? await simulator(flags, io) : await prism(flags, io);
  let stoppedBy: NodeJS.Signals | undefined;
  const signalled = new Promise<void>((resolve) => {
    const dispose = onInterrupt(io, (signal) => {
      stoppedBy = signal;
      resolve();
    });
    void server.exited.then(dispose);
  });
  await Promise.race([signalled, server.exited]);
  await server.stop();
  // Stopped on purpose: the shell's convention (and the README's promise) is 128 + the signal's number.
  if (stoppedBy) return exitForSignal(stoppedBy);
  io.stderr.write('Prism exited unexpectedly\n');
  return EXIT.failed;
}

// maxConcurrent -> --max-concurrent
const flagName = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

interface Running {
  exited: Promise<void>;
  stop(): Promise<void>;
}

async function prism(flags: MockFlags, io: CliIo): Promise<Running> {
  let mock: PrismMock;
  try {
    mock = await startPrismMock({ port: flags.port });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  io.stdout.write(`${mock.url}\n`);
  io.stderr.write(
    `Prism is serving ${specPath()} on ${mock.url}; Ctrl-C stops it.\n` +
      `Try: curl -u ${MOCK_CREDENTIALS.accountSid}:${MOCK_CREDENTIALS.authToken} '${mock.url}${listPath(exampleServiceSid())}?PageSize=5'\n`,
  );
  return { exited: mock.exited, stop: mock.stop };
}

// TWILIO_CHAT_SERVICE_SID as a list of one, when set.
function envService(io: CliIo): string[] | undefined {
  const sid = io.env.TWILIO_CHAT_SERVICE_SID?.trim();
  return sid ? [sid] : undefined;
}

// Credentials: those in the environment when set (accepted, never printed), else the placeholders (printed).
async function simulator(flags: MockFlags, io: CliIo): Promise<Running> {
  const fromEnv =
    io.env.TWILIO_ACCOUNT_SID && io.env.TWILIO_AUTH_TOKEN
      ? { accountSid: io.env.TWILIO_ACCOUNT_SID, authToken: io.env.TWILIO_AUTH_TOKEN }
      : undefined;
  let sim: Simulator;
  try {
    sim = await startSimulator({
      ...(fromEnv ?? MOCK_CREDENTIALS),
      port: flags.port,
      conversations: flags.conversations,
      seed: flags.seed,
      // The same default as list and verify: TWILIO_CHAT_SERVICE_SID, unless recorded data names the services.
      serviceSids: flags.service ?? (flags.data === undefined ? envService(io) : undefined),
      data: flags.data,
      faults: flags.faults,
      latency: flags.latency,
      maxConcurrent: flags.maxConcurrent,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  io.stdout.write(`${sim.url}\n`);
  const auth = fromEnv ? '"$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN"' : `${sim.accountSid}:${sim.authToken}`;
  io.stderr.write(
    `The stateful simulator is serving ${sim.conversations().length} conversations of ${sim.serviceSids.join(', ')} on ${sim.url}; Ctrl-C stops it.\n` +
      (fromEnv
        ? 'It accepts the credentials in TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN.\n'
        : `It accepts Account SID ${sim.accountSid} with Auth Token ${sim.authToken}.\n`) +
      `Try: curl -u ${auth} '${sim.url}${listPath(sim.serviceSid)}?PageSize=5'\n`,
  );
  let exit!: () => void;
  const exited = new Promise<void>((resolve) => (exit = resolve));
  return {
    exited,
    stop: async () => {
      await sim.close();
      exit();
    },
  };
}

/** `mock`: its options and help. */
export function mockCommand(program: Command, io: CliIo, done: (code: number) => void): void {
  const many = (value: string, previous: string[] = []) => [...previous, value];
  program
    .command('mock')
    .description(
      'serve the endpoint on 127.0.0.1 until Ctrl-C and print its URL: Prism on the spec, or (--stateful) a simulator that pages and filters',
    )
    .option('--port <n>', 'port on 127.0.0.1 (default: a free one)', port)
    .option(
      '--stateful',
      'the stateful simulator: real paging, PageTokens, State and date filters, auth, faults (no Prism needed)',
    )
    .option(
      '--conversations <n>',
      'with --stateful: conversations generated per service from the spec (default 100)',
      wholeNumber,
    )
    .option('--seed <seed>', 'with --stateful: makes the data, faults and latency repeatable (default 1)')
    .option(
      '--service <sid>',
      'with --stateful: a ChatServiceSid to serve (repeat for several; default: TWILIO_CHAT_SERVICE_SID, else one derived from the seed)',
      many,
    )
    .option(
      '--data <path>',
      'with --stateful: serve recorded pages or HAR files (repeatable) instead of generated data',
      many,
    )
    .option(
      '--faults <spec>',
      'with --stateful: fault rates, e.g. 429=0.1,500=0.05,503=0.05,reset=0.02,truncate=0.02,slow=0.01',
    )
    .option('--latency <ms>', 'with --stateful: added to every answer: 20, or a range such as 10-50')
    .option(
      '--max-concurrent <n>',
      'with --stateful: requests answered at once; one more gets a 429 (Twilio error 20429), as past an account limit',
      positive,
    )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        `  $ ${NAME} mock`,
        `  $ ${NAME} mock --port 4010 &  # then point TWILIO_CONVERSATIONS_BASE_URL at http://127.0.0.1:4010`,
        `  $ ${NAME} mock --stateful --conversations 5000 --seed 7 --faults 429=0.1,reset=0.02 --latency 10-50`,
        `  $ ${NAME} mock --stateful --data recordings/staging.har`,
        '',
        EXIT_TEXT,
      ].join('\n'),
    )
    .action(async (flags: MockFlags) => {
      done(await runMock(flags, io));
    });
}
