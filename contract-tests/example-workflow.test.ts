import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { BIN, runCli } from '../test-support/cli';
import { makeConversation } from '../test-support/fixtures';
import { fakeTwilioEnv, startFakeTwilio } from '../test-support/twilio-server';

// The example workflows must keep working as the CLI changes. Each is parsed for what it
// promises (triggers, secrets, what is kept), and its `npx conversations-contract` steps are run
// as GitHub would run them - bash, in a checkout-like folder, with the runner's variables - with
// an `npx` on PATH that runs this package's bin.

const DIR = path.resolve(__dirname, '..', 'examples', 'github-actions');
const SPEC = path.resolve(__dirname, '..', 'openapi', 'conversations.yaml');

interface Step {
  run?: string;
  uses?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Job {
  if?: string;
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}
const load = (name: string) => parse(readFileSync(path.join(DIR, name), 'utf8')) as Workflow;

const contractSteps = (job: Job) => job.steps.filter((s) => s.run?.startsWith('npx conversations-contract '));

/** An `npx` that runs this package's bin, as `npx conversations-contract` does in a user's project. */
function shimPath(): string {
  const bin = mkdtempSync(path.join(tmpdir(), 'npx-shim-'));
  const npx = path.join(bin, 'npx');
  writeFileSync(
    npx,
    `#!/bin/sh\n[ "$1" = conversations-contract ] || { echo "unexpected npx $1" >&2; exit 127; }\nshift\nexec "${process.execPath}" "${BIN}" "$@"\n`,
  );
  chmodSync(npx, 0o755);
  return `${bin}:${process.env.PATH ?? ''}`;
}

/**
 * Runs one step's script with bash in `cwd`, as the runner does, with `env` and a job summary
 * file. Asynchronous: the servers these steps talk to run in this process.
 */
async function runStep(step: Step, cwd: string, env: Record<string, string>) {
  const summary = path.join(cwd, '.summary.md');
  const child = spawn('bash', ['-e', '-c', step.run!], {
    cwd,
    env: { PATH: shimPath(), GITHUB_STEP_SUMMARY: summary, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr, summary: existsSync(summary) ? readFileSync(summary, 'utf8') : '' };
}

it('every subcommand and flag the examples use exists in the bin', async () => {
  for (const file of ['pull-request.yml', 'nightly-live.yml', 'spec-diff.yml']) {
    for (const job of Object.values(load(file).jobs)) {
      for (const step of contractSteps(job)) {
        const [subcommand, ...rest] = step.run!.slice('npx conversations-contract '.length).split(' ');
        const help = await runCli([subcommand!, '--help']);
        expect([file, subcommand, help.code]).toEqual([file, subcommand, 0]);
        for (const flag of rest.filter((w) => w.startsWith('--')))
          expect([file, flag, help.stdout.includes(`${flag} `)]).toEqual([file, flag, true]);
      }
    }
  }
});

describe('pull-request.yml: the user tests and recordings', () => {
  const workflow = load('pull-request.yml');

  it('runs on pull requests: the user test suite, and the recordings with coverage', () => {
    expect(Object.keys(workflow.on)).toContain('pull_request');
    expect(workflow.jobs.tests!.steps.map((s) => s.run)).toContain('npm test');
    const [check, summary] = contractSteps(workflow.jobs.recordings!);
    expect(check!.run).toMatch(/^npx conversations-contract verify recordings\/ --coverage --coverage-threshold \d+ /);
    expect(summary!.if).toBe('always()');
    expect(summary!.run).toMatch(/--format markdown >> "\$GITHUB_STEP_SUMMARY"$/);
  });

  it('its steps pass on good recordings, write the summary, and fail on a recording that breaks the contract', async () => {
    const server = await startFakeTwilio({ conversations: Array.from({ length: 120 }, (_, i) => makeConversation(i)) });
    const repo = mkdtempSync(path.join(tmpdir(), 'pr-workflow-'));
    try {
      const har = path.join(repo, 'recordings', 'staging.har');
      expect((await runCli(['verify', '--live', '--record', har], fakeTwilioEnv(server))).code).toBe(0);
      const [check, summary] = contractSteps(workflow.jobs.recordings!);
      const ok = await runStep(check!, repo, {});
      expect([ok.code, ok.stderr]).toEqual([0, '']);
      expect(ok.stdout).toMatch(/^::notice title=conformance::.*PASS/m);
      expect(existsSync(path.join(repo, 'reports', 'recordings.xml'))).toBe(true);
      expect((await runStep(summary!, repo, {})).summary).toMatch(/^## ✅ Conformance of recorded responses/);

      const bad = JSON.parse(readFileSync(har, 'utf8'));
      const body = JSON.parse(bad.log.entries[0].response.content.text);
      body.conversations[0].sid = 42;
      bad.log.entries[0].response.content.text = JSON.stringify(body);
      writeFileSync(path.join(repo, 'recordings', 'broken.har'), JSON.stringify(bad));
      const failing = await runStep(check!, repo, {});
      expect(failing.code).toBe(1);
      expect(failing.stdout).toMatch(/^::error title=response_schema_conformance,file=recordings\/broken\.har::/m);
    } finally {
      await server.stop();
    }
  });
});

describe('nightly-live.yml: the live API, recorded', () => {
  const workflow = load('nightly-live.yml');
  const job = workflow.jobs.live!;

  it('runs on a schedule or by hand only, with credentials from secrets', () => {
    expect(Object.keys(workflow.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    for (const name of ['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TWILIO_CHAT_SERVICE_SID'])
      expect(job.env![name]).toBe(`\${{ secrets.${name} }}`);
  });

  it('its step checks the service, keeps the recording it names (with no secret in it) as an artifact', async () => {
    const [step] = contractSteps(job);
    const recording = /--record (\S+)/.exec(step!.run!)![1]!;
    const upload = job.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
    expect(upload.if).toBe('always()');
    expect(String(upload.with!.path)).toContain(recording);

    const server = await startFakeTwilio({ conversations: Array.from({ length: 60 }, (_, i) => makeConversation(i)) });
    const repo = mkdtempSync(path.join(tmpdir(), 'nightly-workflow-'));
    try {
      const env = fakeTwilioEnv(server);
      const result = await runStep(step!, repo, env);
      expect([result.code, result.stderr]).toEqual([0, '']);
      const text = readFileSync(path.join(repo, recording), 'utf8');
      expect(text).not.toContain(env.TWILIO_AUTH_TOKEN);
      expect((JSON.parse(text) as { log: { entries: unknown[] } }).log.entries.length).toBeGreaterThan(2);
      // Without the secrets the job fails; it never passes having checked nothing.
      const skipped = await runStep(step!, repo, {});
      expect(skipped.code).toBe(2);
    } finally {
      await server.stop();
    }
  });
});

describe('spec-diff.yml: changes to a copy of the spec, against the base branch', () => {
  const workflow = load('spec-diff.yml');
  const job = workflow.jobs.diff!;

  it('runs on pull requests that touch the spec, with the history the base needs', () => {
    expect(workflow.on).toHaveProperty('pull_request');
    expect(job.steps[0]!.with).toEqual({ 'fetch-depth': 0 });
  });

  it('its steps write every change to the summary and fail on a breaking one, reading the base from git', async () => {
    const spec = workflow.env!.SPEC!;
    const repo = mkdtempSync(path.join(tmpdir(), 'diff-workflow-'));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
    git('init', '-q');
    mkdirSync(path.dirname(path.join(repo, spec)), { recursive: true });
    copyFileSync(SPEC, path.join(repo, spec));
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'base');
    git('update-ref', 'refs/remotes/origin/main', 'HEAD');
    const doc = parse(readFileSync(SPEC, 'utf8'));
    doc.components.parameters.PageSize.schema.maximum = 100;
    writeFileSync(path.join(repo, spec), stringify(doc));

    const [summaryStep, gate] = contractSteps(job);
    const env = { SPEC: spec, GITHUB_BASE_REF: 'main' };
    const summary = await runStep(summaryStep!, repo, env);
    expect([summary.code, summary.stderr]).toEqual([0, '']);
    expect(summary.summary).toContain('**1 breaking, 0 warning, 0 safe**');
    const failing = await runStep(gate!, repo, env);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('::error title=breaking change%3A query PageSize::');

    copyFileSync(SPEC, path.join(repo, spec));
    expect((await runStep(gate!, repo, env)).code).toBe(0);
  });
});
