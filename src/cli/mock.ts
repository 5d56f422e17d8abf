import { MOCK_CREDENTIALS, startPrismMock, type PrismMock } from '../prism/launcher';
import { exampleServiceSid, listPath, specPath } from '../spec/spec';
import type { Command } from 'commander';
import { EXIT, EXIT_TEXT, exitForSignal, NAME, onInterrupt, UsageError, type CliIo } from './common';
import { port } from './options';

/** `mock`: runs Prism on the bundled spec until Ctrl-C, printing its URL on stdout. */
export async function runMock(flags: { port?: number }, io: CliIo): Promise<number> {
  let prism: PrismMock;
  try {
    prism = await startPrismMock({ port: flags.port });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  let stoppedBy: NodeJS.Signals | undefined;
  const signalled = new Promise<void>((resolve) => {
    const dispose = onInterrupt(io, (signal) => {
      stoppedBy = signal;
      resolve();
    });
    void prism.exited.then(dispose);
  });
  // The URL alone on stdout, so scripts can read it; the rest is for people.
  io.stdout.write(`${prism.url}\n`);
  const service = exampleServiceSid();
  io.stderr.write(
    `Prism is serving ${specPath()} on ${prism.url}; Ctrl-C stops it.\n` +
      `Try: curl -u ${MOCK_CREDENTIALS.accountSid}:${MOCK_CREDENTIALS.authToken} '${prism.url}${listPath(service)}?PageSize=5'\n`,
  );
  await Promise.race([signalled, prism.exited]);
  await prism.stop();
  // Stopped on purpose: the shell's convention (and the README's promise) is 128 + the signal's number.
  if (stoppedBy) return exitForSignal(stoppedBy);
  io.stderr.write('Prism exited unexpectedly\n');
  return EXIT.failed;
}

/** `mock`: its options and help. */
export function mockCommand(program: Command, io: CliIo, done: (code: number) => void): void {
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
      done(await runMock(flags, io));
    });
}
