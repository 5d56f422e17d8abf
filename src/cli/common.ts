import { InputError } from '../client/errors';
import { createScrubber, type Scrubber } from '../client/secrets';

/**
 * Exit codes of every subcommand:
 * 0 success (conforms, listing complete);
 * 1 a check failed (does not conform, --fail-on met) or the API, the network or a response failed;
 * 2 bad usage: a bad option or argument, missing credentials, Prism not installed;
 * 130 interrupted with Ctrl-C (SIGINT), 143 stopped by SIGTERM, after printing what had arrived.
 */
/** The bin's name, as errors and help print it. */
export const NAME = 'conversations-contract';

/** The exit codes in one line, for every --help. */
export const EXIT_TEXT =
  'Exit status: 0 success; 1 a check failed, or the API, network or a response failed; 2 bad usage or missing credentials; 130 Ctrl-C (143 SIGTERM).';

export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130, terminated: 143 } as const;

/** The exit code for a run a signal stopped (128 + the signal's number, as shells report it). */
export const exitForSignal = (signal: NodeJS.Signals): number =>
  signal === 'SIGTERM' ? EXIT.terminated : EXIT.interrupted;

/** The user asked for something that cannot run as given; reported in one line with exit code 2. */
export class UsageError extends InputError {}

/** Where a command reads and writes; the real process by default, plain streams in tests. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
  /** Delivers SIGINT and SIGTERM (default: the process). */
  signals?: NodeJS.EventEmitter;
}

/** Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(stream: NodeJS.WritableStream, env: NodeJS.ProcessEnv): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true && !env.NO_COLOR;
}

export function isTerminal(stream: NodeJS.WritableStream): boolean {
  return (stream as { isTTY?: boolean }).isTTY === true;
}

/** Calls `handler` on the first SIGINT or SIGTERM; the returned function stops listening (a second Ctrl-C then acts as usual). */
export function onInterrupt(io: CliIo, handler: (signal: NodeJS.Signals) => void): () => void {
  const signals = io.signals ?? process;
  const listener = (signal: NodeJS.Signals) => handler(signal);
  signals.once('SIGINT', listener);
  signals.once('SIGTERM', listener);
  return () => {
    signals.off('SIGINT', listener);
    signals.off('SIGTERM', listener);
  };
}

/**
 * A scrubber for the secrets in the environment the command runs with (the Auth Token and the API
 * key secret, with their SIDs for the Basic-auth forms): nothing the CLI prints may contain them.
 */
export function envScrubber(env: NodeJS.ProcessEnv): Scrubber {
  const credentials: { secret: string; user?: string }[] = [];
  if (env.TWILIO_AUTH_TOKEN) credentials.push({ secret: env.TWILIO_AUTH_TOKEN, user: env.TWILIO_ACCOUNT_SID });
  if (env.TWILIO_API_SECRET) credentials.push({ secret: env.TWILIO_API_SECRET, user: env.TWILIO_API_KEY });
  return createScrubber(credentials);
}
