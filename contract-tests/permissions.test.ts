import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN, runProcess } from '../test-support/cli';
import { makeConversation, makePage } from '../test-support/fixtures';

// Files the user running the CLI may not read, on a real file system. Tests often run as root,
// who may read anything; then the CLI runs as `nobody` (uid 65534), and the files are root's with
// mode 000. As any other user, the files are the user's own with mode 000.

const ROOT = path.resolve(__dirname, '..');
const SPEC = path.join(ROOT, 'openapi', 'conversations.yaml');
const asRoot = process.getuid?.() === 0;
let dir: string;

const page = () =>
  JSON.stringify(
    makePage({ items: [makeConversation(1)], page: 0, pageSize: 50, origin: 'https://conversations.twilio.com' }),
  );

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'permissions-'));
  chmodSync(dir, 0o755); // nobody may enter the folder, not read what is locked below
  writeFileSync(path.join(dir, 'locked.json'), page());
  writeFileSync(path.join(dir, 'locked.yaml'), 'openapi: 3.1.0\n');
  mkdirSync(path.join(dir, 'recordings'));
  writeFileSync(path.join(dir, 'recordings', 'ok.json'), page());
  writeFileSync(path.join(dir, 'recordings', 'locked.json'), page());
  chmodSync(path.join(dir, 'recordings'), 0o755);
  for (const file of ['locked.json', 'locked.yaml', path.join('recordings', 'locked.json')]) {
    chmodSync(path.join(dir, file), 0o000);
  }
  for (const file of ['recordings/ok.json']) chmodSync(path.join(dir, file), 0o644);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = (args: string[]) =>
  runProcess(process.execPath, [BIN, ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
    ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
  });

describe(`a file this user may not read (${asRoot ? 'run as nobody' : 'mode 000'})`, () => {
  it('verify FILE: exit 2, one line naming the file and saying permission denied', async () => {
    const result = await cli(['verify', path.join(dir, 'locked.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${path.join(dir, 'locked.json')}: permission denied`);
    expect(result.stderr).not.toMatch(/unexpected error|EACCES/);
  });

  it('verify FOLDER: the readable file is checked, the locked one reported as skipped, exit 2', async () => {
    const result = await cli(['verify', path.join(dir, 'recordings')]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/1 response/);
    expect(result.stdout + result.stderr).toContain(
      `${path.join(dir, 'recordings', 'locked.json')}: permission denied`,
    );
    expect(result.stderr).not.toMatch(/unexpected error/);
  });

  it('diff with a spec it may not read: exit 2 naming it, not a breaking finding', async () => {
    const result = await cli(['diff', path.join(dir, 'locked.yaml'), SPEC]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('permission denied');
    expect(result.stderr).not.toMatch(/unexpected error/);
  });

  it('mock --stateful --data with a file it may not read: exit 2 naming it', async () => {
    const result = await cli(['mock', '--stateful', '--data', path.join(dir, 'locked.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('permission denied');
    expect(result.stderr).not.toMatch(/unexpected error/);
  });
});
