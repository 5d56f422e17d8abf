import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../test-support/cli';
import { makeConversation, makePage } from '../test-support/fixtures';

// Files as input (#26 class 4, #30): `verify` on folders and files that are not what they seem. Each
// problem is named with its real cause, in bounded time and memory; nothing hangs; a folder walk
// reports what it skipped and checks the rest; a path named on the command line that cannot be read
// is exit 2 with one line, never "unexpected error".

const dir = mkdtempSync(path.join(tmpdir(), 'file-inputs-'));
const page = JSON.stringify(
  makePage({
    items: [makeConversation(0), makeConversation(1)],
    page: 0,
    pageSize: 2,
    origin: 'https://conversations.twilio.com',
  }),
);

describe('verify with files that are not plain files', () => {
  const folder = path.join(dir, 'recordings');
  beforeAll(() => {
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'good.json'), page);
    execFileSync('mkfifo', [path.join(folder, 'pipe.json')]);
    symlinkSync('loop.json', path.join(folder, 'loop.json'));
    symlinkSync('.', path.join(folder, 'again')); // a link to its own folder
    symlinkSync('nowhere.json', path.join(folder, 'broken.json'));
    execFileSync('truncate', ['-s', '3G', path.join(folder, 'huge.har')]);
  });

  it('a folder walk skips each unreadable file with its cause, checks the rest, and exits 2', async () => {
    const result = await runCli(['verify', folder]);
    expect(result.stdout).toMatch(/: 1 response checked/);
    expect(result.stdout).toMatch(/pipe\.json: is not a regular file or a folder/);
    expect(result.stdout).toMatch(/loop\.json: is a symbolic link loop/);
    expect(result.stdout).toMatch(/broken\.json: is a symbolic link to something that does not exist/);
    expect(result.stdout).toMatch(/huge\.har: is 3072 MiB, over this tool's limit of 256 MiB/);
    // The link to its own folder is walked once: good.json is checked once, not forty times.
    expect(result.stdout).not.toMatch(/no such file/);
    expect(result.stderr).toMatch(/4 files could not be read and were skipped/);
    expect(result.stderr).not.toMatch(/unexpected error/);
    expect(result.code).toBe(2);
  });

  it('the same report in json lists the skipped files too', async () => {
    const result = await runCli(['verify', folder, '--format', 'json']);
    const report = JSON.parse(result.stdout) as { notes: string[] };
    expect(report.notes.filter((n) => n.startsWith('skipped '))).toHaveLength(4);
    expect(result.code).toBe(2);
  });

  it.each([
    ['a FIFO', 'pipe.json', /is not a regular file or a folder/],
    ['a link loop', 'loop.json', /is a symbolic link loop/],
    ['a file over the limit', 'huge.har', /over this tool's limit/],
    ['a broken link', 'broken.json', /does not exist/],
  ])('%s named on the command line is exit 2 with one line naming it', async (_, name, message) => {
    const result = await runCli(['verify', path.join(folder, name)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain(name);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).not.toMatch(/unexpected error/);
  });

  it.each([
    ['a FIFO', 'pipe.json', /is not a regular file or a folder/],
    ['a link loop', 'loop.json', /is a symbolic link loop/],
    ['a file over the limit', 'huge.har', /over this tool's limit/],
  ])('mock --stateful --data with %s: exit 2 with one line naming it, nothing served', async (_, name, message) => {
    const result = await runCli(['mock', '--stateful', '--data', path.join(folder, name)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stdout).toBe('');
  });

  it('a folder of good files passes (the exits above are about the files)', async () => {
    const clean = path.join(dir, 'clean');
    mkdirSync(clean);
    writeFileSync(path.join(clean, 'good.json'), page);
    const result = await runCli(['verify', clean]);
    expect(result.code).toBe(0);
  });
});
