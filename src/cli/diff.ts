import { Option, type Command } from 'commander';
import {
  counts,
  diffSpecs,
  failsPolicy,
  formatChanges,
  formatChangesGithub,
  formatChangesJunit,
  formatChangesMarkdown,
  SpecSourceError,
  type Change,
  type FailOn,
} from '../spec-diff';
import { InputError } from '../client/errors';
import { EXIT, useColor, type CliIo } from './common';
import { defaultSpec, load } from './spec-source';

/** `diff`: every change to the operation between two versions of the spec. */
export function diffCommand(program: Command, io: CliIo, done: (code: number) => void): void {
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
    .addOption(
      new Option(
        '--format <format>',
        'output format: github writes workflow-command annotations, markdown a job summary ' +
          'or PR comment, junit one test case per change (a failure when --fail-on is met)',
      )
        .choices(['text', 'json', 'github', 'markdown', 'junit'])
        .default('text'),
    )
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
        '  $ conversations-contract diff origin/main --fail-on breaking --format markdown >> "$GITHUB_STEP_SUMMARY"',
        '',
        'Either side may be OpenAPI 3.0 (nullable) or 3.1. Exit status: 0, or 1 when --fail-on is met; 2 bad usage.',
      ].join('\n'),
    )
    .action(
      async (
        base: string,
        head: string | undefined,
        flags: { format: 'text' | 'json' | 'github' | 'markdown' | 'junit'; failOn: FailOn },
      ) => {
        const headSource = head ?? defaultSpec();
        const [before, after] = [await load(base), await load(headSource)];
        const changes = compare(() => diffSpecs(before, after));
        const title = `Changes from ${base} to ${headSource}`;
        const formats: Record<typeof flags.format, () => string> = {
          json: () => JSON.stringify({ base, head: headSource, counts: counts(changes), changes }, null, 2) + '\n',
          github: () => formatChangesGithub(title, changes, flags.failOn),
          markdown: () => formatChangesMarkdown(title, changes, flags.failOn),
          junit: () => formatChangesJunit(title, changes, flags.failOn),
          text: () => formatChanges(title, changes, { color: useColor(io.stdout, io.env) }) + '\n',
        };
        io.stdout.write(formats[flags.format]());
        done(failsPolicy(changes, flags.failOn) ? EXIT.failed : EXIT.ok);
      },
    );
}

/**
 * Runs the differ. Its own failure (a construct it cannot walk, a bug) is exit 2 naming the cause,
 * never exit 1, which CI reads as a breaking finding.
 */
function compare(run: () => Change[]): Change[] {
  try {
    return run();
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new SpecSourceError(
      `the differ could not compare these documents: ${(error as Error)?.message ?? String(error)}`,
    );
  }
}
