import { execFileSync } from 'node:child_process';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { InputFileError, problemOf, readInputFile } from './input-file';

// Every kind of path a user may name as input, read in bounded time and memory or refused with its
// real cause in plain words.
const dir = mkdtempSync(path.join(tmpdir(), 'input-file-'));
const at = (name: string) => path.join(dir, name);

function problem(file: string, maxBytes?: number): InputFileError {
  try {
    readInputFile(file, maxBytes);
  } catch (error) {
    if (error instanceof InputFileError) return error;
    throw error;
  }
  throw new Error(`${file} was read`);
}

describe('reading an input file', () => {
  it('reads a regular file, through a symbolic link too', () => {
    writeFileSync(at('a.json'), '{"a":1}');
    symlinkSync('a.json', at('link.json'));
    expect(readInputFile(at('a.json'))).toBe('{"a":1}');
    expect(readInputFile(at('link.json'))).toBe('{"a":1}');
  });

  it.each([
    ['a FIFO', () => (execFileSync('mkfifo', [at('p.fifo')]), at('p.fifo')), 'not-a-file', /is a FIFO \(named pipe\)/],
    ['a device', () => '/dev/zero', 'not-a-file', /is a device/],
    ['a folder', () => dir, 'not-a-file', /is a folder/],
    ['a link to itself', () => (symlinkSync('self', at('self')), at('self')), 'link-loop', /symbolic link loop/],
    [
      'a link to its own folder, then down it',
      () => (symlinkSync('.', at('here')), at('here/here/here/here/here/here/here/here/here/here/missing.json')),
      'missing',
      /no such file/,
    ],
    ['a broken link', () => (symlinkSync('nothing', at('broken')), at('broken')), 'missing', /does not exist/],
    ['nothing at all', () => at('absent.json'), 'missing', /no such file or folder/],
  ])('%s is refused, named for what it is', (_, make, kind, message) => {
    const error = problem(make());
    expect(error.problem).toBe(kind);
    expect(error.message).toMatch(message);
  });

  it('a file over the limit is refused before a byte is read, saying the size and the limit', () => {
    execFileSync('truncate', ['-s', '3G', at('huge.har')]);
    const error = problem(at('huge.har'));
    expect(error.problem).toBe('too-large');
    expect(error.message).toMatch(/is 3072 MiB, over this tool's limit of 256 MiB/);
    writeFileSync(at('small.json'), 'x'.repeat(2000));
    expect(problem(at('small.json'), 1000).message).toMatch(
      /small\.json: is 2000 bytes, over this tool's limit of 1000 bytes/,
    );
  });

  it('says "permission denied" for EACCES (on real files: contract-tests/permissions.test.ts)', () => {
    expect(problemOf('/x', Object.assign(new Error('EACCES'), { code: 'EACCES' })).message).toBe(
      '/x: permission denied: this user may not read it',
    );
  });

  it('shows control characters in a file name as escapes', () => {
    expect(problem(at('bad\u001b[2Jname')).message).toContain('bad\\x1b[2Jname');
  });
});
