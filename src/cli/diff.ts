import { Option, type Command } from 'commander';
import { counts, diffSpecs, failsPolicy, formatChanges } from '../spec-diff';
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
        done(failsPolicy(changes, flags.failOn) ? EXIT.failed : EXIT.ok);
      },
    );
}
