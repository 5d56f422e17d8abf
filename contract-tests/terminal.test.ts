import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Terminal } from '@xterm/headless';
import type { Conversation } from '../src';
import { BIN } from '../test-support/cli';
import { makeConversation } from '../test-support/fixtures';
import { fakeTwilioEnv, startFakeTwilio, type FakeTwilio } from '../test-support/twilio-server';

// What a person sees: the bin runs in a real pseudo-terminal (`script` from util-linux), and the
// bytes it writes there are rendered by a terminal emulator (@xterm/headless), so that carriage
// returns and erase sequences act as they do on screen. Streams flagged as TTYs cannot show this.

const COLS = 160;
const ROWS = 50;

interface Screen {
  /** Every line, scrollback included, as rendered, trailing blanks trimmed. */
  lines: string[];
  code: number | null;
  /** The bytes written to the terminal. */
  raw: string;
  /** The window title, if anything set one. */
  title: string;
}

/** Runs a shell command line in a pseudo-terminal; `input` is typed into it once `ready` shows in the output. */
function inTerminal(
  commandLine: string,
  env: Record<string, string>,
  options: { ready?: RegExp; input?: string } = {},
): Promise<Screen> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', `stty cols ${COLS} rows ${ROWS}; ${commandLine}`, '/dev/null'], {
      env: { PATH: process.env.PATH ?? '', SHELL: '/bin/sh', TERM: 'xterm-256color', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    let typed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (options.ready && !typed && options.ready.test(Buffer.concat(chunks).toString())) {
        typed = true;
        child.stdin.write(options.input ?? '');
      }
    });
    child.once('error', reject);
    child.once('close', (code) => {
      const terminal = new Terminal({ cols: COLS, rows: ROWS, scrollback: 10_000, allowProposedApi: true });
      let title = '';
      terminal.onTitleChange((t) => (title = t));
      // script turns the pty's \n into \r\n, as a terminal receives it.
      terminal.write(Buffer.concat(chunks), () => {
        const buffer = terminal.buffer.active;
        const lines: string[] = [];
        for (let i = 0; i < buffer.length; i++) {
          const line = buffer.getLine(i)!;
          // A line longer than the screen goes on in the next row: join it back, keeping the full
          // width of the row it started on (only a line's last row is trimmed).
          const continued = i + 1 < buffer.length && buffer.getLine(i + 1)!.isWrapped;
          const text = line.translateToString(!continued);
          if (line.isWrapped && lines.length) lines[lines.length - 1] += text;
          else lines.push(text);
        }
        while (lines.length && lines[lines.length - 1] === '') lines.pop();
        terminal.dispose();
        resolve({ lines, code, raw: Buffer.concat(chunks).toString(), title });
      });
    });
  });
}

const data: Conversation[] = Array.from({ length: 230 }, (_, i) => makeConversation(i));
const bin = `"${process.execPath}" "${BIN}"`;

describe('list in a real terminal', () => {
  let server: FakeTwilio;
  beforeAll(async () => {
    server = await startFakeTwilio({ conversations: data });
  });
  afterAll(() => server.stop());

  it('the table reads cleanly across page boundaries: a header, one row per conversation, then the summary', async () => {
    const screen = await inTerminal(`${bin} list --page-size 50`, fakeTwilioEnv(server));
    expect(screen.code).toBe(0);
    const [header, ...rest] = screen.lines;
    expect(header).toMatch(/^SID\s+STATE\s+CREATED\s+UNIQUE NAME\s+FRIENDLY NAME$/);
    const rows = rest.slice(0, -1);
    expect(rows).toHaveLength(230);
    rows.forEach((row, i) => expect(row.startsWith(`${data[i]!.sid}  ${data[i]!.state}`)).toBe(true));
    expect(rest[rest.length - 1]).toMatch(/^230 conversations from 5 pages in \d+\.\d s$/);
  });

  it('json on screen is exactly the JSON array: nothing is erased or interleaved', async () => {
    const screen = await inTerminal(`${bin} list --format json --page-size 50`, fakeTwilioEnv(server));
    expect(screen.code).toBe(0);
    const summary = screen.lines.pop()!;
    expect(summary).toMatch(/^230 conversations from 5 pages/);
    expect(JSON.parse(screen.lines.join('\n'))).toEqual(data);
  });

  it('with the rows going to a file, the progress line is drawn on the terminal and replaced by the summary', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'tty-')), 'out.ndjson');
    const screen = await inTerminal(`${bin} list --format ndjson --page-size 50 > "${out}"`, fakeTwilioEnv(server));
    expect(screen.code).toBe(0);
    expect(screen.lines).toEqual([expect.stringMatching(/^230 conversations from 5 pages in \d+\.\d s$/)]);
    expect(
      readFileSync(out, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Conversation),
    ).toEqual(data);
  });

  it('Ctrl-C typed at the terminal stops the listing: what was printed is complete, exit 130', async () => {
    const slow = await startFakeTwilio({
      conversations: data,
      fault: (i) => (i >= 1 ? { kind: 'delay', ms: 20_000 } : undefined),
    });
    try {
      const screen = await inTerminal(`${bin} list --format json --page-size 50`, fakeTwilioEnv(slow), {
        ready: /CH0{30}31/,
        input: '\u0003',
      });
      expect(screen.code).toBe(130);
      const stopped = screen.lines.findIndex((l) => l.startsWith('stopped by Ctrl-C after 50 conversations'));
      expect(stopped).toBeGreaterThan(0);
      // The terminal echoes the typed Ctrl-C as ^C where the cursor was.
      const printed = screen.lines.slice(0, stopped).join('\n').replace('^C', '');
      expect(JSON.parse(printed)).toEqual(data.slice(0, 50));
    } finally {
      await slow.stop();
    }
  });
});

describe('list in a real terminal, with names that try to drive it', () => {
  // A retitle (OSC 0), a screen clear, an 8-bit CSI, a right-to-left override, a bell, a line break.
  const hostile = [
    '\u001b]0;pwned\u0007',
    'wipe\u001b[2J\u001b[H',
    '\u009b31mred',
    'invoice\u202efdp.exe',
    'two\nlines',
    '=HYPERLINK("http://attacker.example","open")',
  ];
  const conversations = hostile.map((name, i) => ({ ...makeConversation(i), friendly_name: name, unique_name: name }));
  let server: FakeTwilio;
  beforeAll(async () => {
    server = await startFakeTwilio({ conversations });
  });
  afterAll(() => server.stop());

  it.each(['table', 'json', 'ndjson', 'csv'])(
    '%s: nothing from the data reaches the terminal raw, and each name is shown as escapes',
    async (format) => {
      const screen = await inTerminal(`${bin} list --format ${format}`, fakeTwilioEnv(server));
      expect(screen.code).toBe(0);
      expect(screen.title).toBe('');
      for (const payload of ['\u001b]0;', '\u001b[2J', '\u009b', '\u202e', '\u0007']) {
        expect(screen.raw).not.toContain(payload);
      }
      const text = screen.lines.join('\n');
      expect(text).toContain('invoice\\u202efdp.exe');
      // One row (or JSON line) per conversation, then the summary: the line break in a name stayed inside it.
      if (format !== 'json') expect(screen.lines).toHaveLength(conversations.length + (format === 'ndjson' ? 1 : 2));
      if (format === 'csv') expect(text).toContain(`"'=HYPERLINK(""http://attacker.example"",""open"")"`);
    },
  );
});

describe('mock in a real terminal', () => {
  it('Ctrl-C stops Prism and exits 130, as the help says', async () => {
    const screen = await inTerminal(`${bin} mock`, {}, { ready: /Ctrl-C stops it/, input: '\u0003' });
    expect(screen.code).toBe(130);
    expect(screen.lines[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
