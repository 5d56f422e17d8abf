import { Command, CommanderError } from 'commander';
import { ConversationsError, InputError } from '../client/errors';
import { packageVersion } from '../client/version';
import { printable } from '../text/printable';
import { envScrubber, EXIT, EXIT_TEXT, NAME, type CliIo } from './common';
import { diffCommand } from './diff';
import { driftCommand } from './drift';
import { listCommand } from './list';
import { mockCommand } from './mock';
import { verifyCommand } from './verify';

export { EXIT } from './common';

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

  const done = (exit: number) => {
    code = exit;
  };
  for (const add of [listCommand, mockCommand, verifyCommand, diffCommand, driftCommand]) add(program, io, done);

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

// Bad input of any kind (a flag, a file, a spec source, a credential, a parameter) is exit 2.
function isUsage(error: unknown): boolean {
  return error instanceof InputError;
}

// Errors are one readable line; the rest (a child's log, every violation) is for --debug.
function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const [first = '', ...rest] = text.split('\n').filter((l) => l.trim() !== '');
  const known = error instanceof ConversationsError || isUsage(error);
  return (known ? first : `unexpected error: ${first}`) + (rest.length ? ' (more with --debug)' : '');
}
