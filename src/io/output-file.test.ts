import { execFileSync } from 'node:child_process';
import {
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OutputFileError, openOutput, writeOutputFile } from './output-file';

// Output paths (#26 class 5, #30): a regular file is replaced whole or not at all, a device or FIFO is
// written through and never replaced, a link keeps pointing where it did. Device nodes are made with
// mknod in a temporary folder (as root, as in CI containers); without the right to, a FIFO stands in.
const dir = mkdtempSync(path.join(tmpdir(), 'output-file-'));
const at = (name: string) => path.join(dir, name);
const leftovers = () => readdirSync(dir).filter((n) => n.endsWith('.partial'));

/** A character device like /dev/null (1,3) or /dev/full (1,7), or a FIFO where mknod is not allowed. */
function device(name: string, minor: 3 | 7): { file: string; isDevice: boolean } {
  const file = at(name);
  try {
    execFileSync('mknod', [file, 'c', '1', String(minor)], { stdio: 'ignore' });
    return { file, isDevice: true };
  } catch {
    execFileSync('mkfifo', [file]);
    return { file, isDevice: false };
  }
}

describe('writing an output file', () => {
  it('replaces a regular file only on commit: until then, and after an abort, the old content stays', async () => {
    writeFileSync(at('report.xml'), 'old');
    const out = await openOutput(at('report.xml'));
    await out.write('new, half');
    expect(readFileSync(at('report.xml'), 'utf8')).toBe('old');
    await out.abort();
    expect(readFileSync(at('report.xml'), 'utf8')).toBe('old');
    expect(leftovers()).toEqual([]);
    await writeOutputFile(at('report.xml'), 'new');
    expect(readFileSync(at('report.xml'), 'utf8')).toBe('new');
    expect(leftovers()).toEqual([]);
  });

  it('makes the folders a report path names', async () => {
    await writeOutputFile(at('reports/ci/junit.xml'), '<x/>');
    expect(readFileSync(at('reports/ci/junit.xml'), 'utf8')).toBe('<x/>');
  });

  it('writes through a symbolic link, which stays a link', async () => {
    writeFileSync(at('real.har'), 'old');
    symlinkSync('real.har', at('link.har'));
    await writeOutputFile(at('link.har'), 'new');
    expect(lstatSync(at('link.har')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(at('link.har'))).toBe('real.har');
    expect(readFileSync(at('real.har'), 'utf8')).toBe('new');
  });

  it('writes through a device such as /dev/null and never replaces it', async () => {
    const { file, isDevice } = device('null', 3);
    if (isDevice) {
      await writeOutputFile(file, 'x'.repeat(100_000));
      expect(statSync(file).isCharacterDevice()).toBe(true);
    } else {
      const reader = execFileSync('sh', ['-c', `cat "${file}" > /dev/null & echo $!`]);
      await writeOutputFile(file, 'x');
      expect(statSync(file).isFIFO()).toBe(true);
      void reader;
    }
    expect(leftovers()).toEqual([]);
  });

  it('a full disk (a copy of /dev/full) is an OutputFileError saying so, and the device stays', async () => {
    const { file, isDevice } = device('full', 7);
    if (!isDevice) return void expect(statSync(file).isFIFO()).toBe(true); // no mknod here: nothing more to show
    const error = await writeOutputFile(file, 'x'.repeat(100_000)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputFileError);
    expect((error as Error).message).toMatch(/full: the disk is full/);
    expect(statSync(file).isCharacterDevice()).toBe(true);
  });

  it('refuses a folder, naming it', async () => {
    const error = await writeOutputFile(dir, 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputFileError);
    expect((error as Error).message).toMatch(/is a folder; name a file in it/);
  });
});
