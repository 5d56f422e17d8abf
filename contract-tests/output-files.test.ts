import { execFileSync, spawn } from 'node:child_process';
import {
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  watch,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, runCli, spawnCli } from '../test-support/cli';
import { FIXTURE_AUTH_TOKEN, makeConversation } from '../test-support/fixtures';
import { fakeTwilioEnv, startFakeTwilio, type FakeTwilio } from '../test-support/twilio-server';

// Crash-safe output (#26 class 5) and output paths that are not plain files (#30), through the real
// CLI: a recording or a report is never left truncated under its name (SIGKILL, a full disk, a file
// size limit), a device or FIFO given as the path is written through and never replaced, and a write
// that fails names the file and the cause, still prints the report and exits non-zero. Device nodes
// are made with mknod in a temporary folder, never the real ones (see `node` for non-root users).

const data = Array.from({ length: 120 }, (_, i) => makeConversation(i));
let server: FakeTwilio;
beforeAll(async () => {
  server = await startFakeTwilio({ conversations: data });
});
afterAll(() => server.stop());

const fresh = () => mkdtempSync(path.join(tmpdir(), 'output-files-'));
const partials = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.partial'));
// A copy of /dev/null (minor 3) or /dev/full (minor 7) in the folder. mknod needs root (as CI
// runs); any other user gets a symlink to the real device instead, which is as safe: a regression
// that replaced the path would replace the link, never the device. Either way the path must still
// be what it was after the run (see stillDevice).
const node = (dir: string, name: string, minor: number) => {
  const file = path.join(dir, name);
  try {
    execFileSync('mknod', [file, 'c', '1', String(minor)], { stdio: 'ignore' });
  } catch {
    symlinkSync(minor === 3 ? '/dev/null' : '/dev/full', file);
  }
  return file;
};
const stillDevice = (file: string) => {
  const own = lstatSync(file);
  return (own.isCharacterDevice() || own.isSymbolicLink()) && statSync(file).isCharacterDevice();
};

describe('verify --record and reports, written safely', () => {
  it('--record onto a device (a copy of /dev/null) writes through it and leaves it a device', async () => {
    const dir = fresh();
    const devNull = node(dir, 'null', 3);
    const result = await runCli(['verify', '--live', '--record', devNull], fakeTwilioEnv(server));
    expect(result.code).toBe(0);
    expect(stillDevice(devNull)).toBe(true);
    expect(partials(dir)).toEqual([]);
  });

  it('--record onto a full disk (a copy of /dev/full): the report is still printed, the file and cause are named, exit 2', async () => {
    const dir = fresh();
    const devFull = node(dir, 'full', 7);
    const result = await runCli(['verify', '--live', '--record', devFull], fakeTwilioEnv(server));
    expect(result.stdout).toMatch(/^PASS: 0 failures/m);
    expect(result.stderr).toMatch(/cannot write .*full: the disk is full/);
    expect(result.stderr).not.toMatch(/unexpected error/);
    expect(result.code).toBe(2);
    expect(stillDevice(devFull)).toBe(true);
  });

  it('a recording past the file size limit (ulimit -f): report printed, cause named, exit 2, no file left under the name', async () => {
    const dir = fresh();
    const har = path.join(dir, 'traffic.har');
    writeFileSync(har, 'the previous recording');
    const env = fakeTwilioEnv(server);
    const exports = Object.entries(env)
      .map(([k, v]) => `${k}='${v}'`)
      .join(' ');
    // Spawned, not run synchronously: the server answering the CLI lives in this process.
    const child = spawn(
      'sh',
      [
        '-c',
        `ulimit -f 8; env -i PATH="$PATH" ${exports} "${process.execPath}" "${BIN}" verify --live --record "${har}"`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
    expect(stderr).toMatch(/cannot write .*traffic\.har: the file grew past the largest size allowed/);
    expect(code).toBe(2);
    expect(stdout).toMatch(/^PASS: 0 failures/m);
    expect(readFileSync(har, 'utf8')).toBe('the previous recording');
    expect(partials(dir)).toEqual([]);
  });

  it('a run killed with SIGKILL mid-recording leaves the previous recording whole under its name', async () => {
    const slow = await startFakeTwilio({
      conversations: data,
      fault: (i) => (i >= 1 ? { kind: 'delay', ms: 30_000 } : undefined),
    });
    const dir = fresh();
    const har = path.join(dir, 'traffic.har');
    writeFileSync(har, 'the previous recording');
    try {
      const started = new Promise<void>((resolve) => {
        const watcher = watch(dir, () => {
          if (partials(dir).length) {
            watcher.close();
            resolve();
          }
        });
      });
      const cli = spawnCli(['verify', '--live', '--record', har], fakeTwilioEnv(slow));
      await started; // the recording is being written beside its name
      cli.child.kill('SIGKILL');
      await cli.done;
      expect(readFileSync(har, 'utf8')).toBe('the previous recording');
    } finally {
      await slow.stop();
    }
  });

  it('--output onto a full disk names the file and the cause with exit 2; onto a FIFO it is written through', async () => {
    const dir = fresh();
    const result = await runCli(['verify', '--live', '--output', node(dir, 'full', 7)], fakeTwilioEnv(server));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot write .*full: the disk is full/);
    const fifo = path.join(dir, 'report.fifo');
    execFileSync('mkfifo', [fifo]);
    // A reader on the FIFO, as a shell's `>(...)` would be: what the CLI writes arrives through it.
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
    let read = '';
    reader.stdout.on('data', (chunk: Buffer) => (read += chunk.toString()));
    const readerDone = new Promise((resolve) => reader.once('close', resolve));
    const written = await runCli(['verify', '--live', '--output', fifo], fakeTwilioEnv(server));
    await readerDone;
    expect(written.code).toBe(0);
    expect(read).toMatch(/^PASS: 0 failures/m);
    expect(statSync(fifo).isFIFO()).toBe(true);
    expect(result.stdout + written.stdout + written.stderr + read).not.toContain(FIXTURE_AUTH_TOKEN);
  });
});
