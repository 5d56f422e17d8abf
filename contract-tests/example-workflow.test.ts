import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../test-support/cli';

// The example CI workflow in the README must keep working as the CLI changes: it runs the
// mock check on every push, the live check on a schedule with secrets, publishes JUnit, and
// every command it runs exists with the options it uses.
const FILE = path.resolve(__dirname, '..', 'examples', 'github-actions', 'conformance.yml');

interface Step {
  run?: string;
  uses?: string;
  if?: string;
  with?: Record<string, string>;
}
interface Job {
  if?: string;
  env?: Record<string, string>;
  steps: Step[];
}
const workflow = parse(readFileSync(FILE, 'utf8')) as { on: Record<string, unknown>; jobs: Record<string, Job> };

const commands = (job: Job) =>
  job.steps.flatMap((s) => (s.run ?? '').split('\n')).filter((line) => line.startsWith('npx conversations-contract '));
const junitOf = (command: string) => /--junit (\S+)/.exec(command)?.[1];

describe('examples/github-actions/conformance.yml', () => {
  it('runs on push and pull requests, and on a schedule', () => {
    expect(Object.keys(workflow.on)).toEqual(expect.arrayContaining(['push', 'pull_request', 'schedule']));
  });

  it('checks the mock on every event and publishes its JUnit report even when the check fails', () => {
    const job = workflow.jobs.mock!;
    expect(job.if).toBeUndefined();
    const [command] = commands(job);
    expect(command).toMatch(/ verify --mock /);
    const report = junitOf(command!);
    expect(job.steps).toContainEqual(
      expect.objectContaining({ if: 'always()', with: expect.objectContaining({ report_paths: report }) }),
    );
  });

  it('checks the live API only on the schedule (or by hand), with credentials from secrets, and publishes JUnit', () => {
    const job = workflow.jobs.live!;
    expect(job.if).toContain("github.event_name == 'schedule'");
    expect(job.if).not.toContain('push');
    for (const name of ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_CHAT_SERVICE_SID'])
      expect(job.env![name]).toBe(`\${{ secrets.${name} }}`);
    const [command] = commands(job);
    expect(command).toMatch(/ verify --live /);
    expect(job.steps).toContainEqual(
      expect.objectContaining({ if: 'always()', with: expect.objectContaining({ report_paths: junitOf(command!) }) }),
    );
  });

  it.each(['mock', 'live'])('every command of the %s job names a subcommand and options the bin has', async (name) => {
    for (const command of commands(workflow.jobs[name]!)) {
      const [subcommand, ...rest] = command.slice('npx conversations-contract '.length).split(' ');
      const help = await runCli([subcommand!, '--help']);
      expect(help.code).toBe(0);
      for (const flag of rest.filter((word) => word.startsWith('--'))) expect(help.stdout).toContain(`${flag} `);
    }
  });
});
