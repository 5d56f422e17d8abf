import { startPrismMock, type PrismMock } from '../prism/launcher';
import { exampleServiceSid, OPERATION_PATH, specPath } from '../spec/spec';
import { EXIT, exitForSignal, onInterrupt, UsageError, type CliIo } from './common';

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
      `Try: curl -u AC${'0'.repeat(32)}:token '${prism.url}${OPERATION_PATH.replace('{ChatServiceSid}', service)}?PageSize=5'\n`,
  );
  await Promise.race([signalled, prism.exited]);
  await prism.stop();
  // Stopped on purpose: the shell's convention (and the README's promise) is 128 + the signal's number.
  if (stoppedBy) return exitForSignal(stoppedBy);
  io.stderr.write('Prism exited unexpectedly\n');
  return EXIT.failed;
}
