import path from 'node:path';
import { Option, type Command } from 'commander';
import { drift, formatChanges, loadAcknowledgements } from '../spec-diff';
import { printable } from '../text/printable';
import { EXIT, UsageError, useColor, type CliIo } from './common';
import { defaultSpec, load } from './spec-source';

/** `drift`: our spec against Twilio's published description. */
export function driftCommand(program: Command, io: CliIo, done: (code: number) => void): void {
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
        done(result.unacknowledged.length ? EXIT.failed : EXIT.ok);
      },
    );
}

function formatDrift(upstream: string, result: ReturnType<typeof drift>, all: boolean, color: boolean): string {
  const total = result.acknowledged.length + result.unacknowledged.length;
  const lines = [
    `Drift from ${printable(upstream)} to our spec: ${total} difference${total === 1 ? '' : 's'}, ${result.acknowledged.length} ` +
      `acknowledged, ${result.unacknowledged.length} new, ${result.stale.length} stale acknowledgement${result.stale.length === 1 ? '' : 's'}`,
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
