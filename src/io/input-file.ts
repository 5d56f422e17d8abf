import { closeSync, fstatSync, lstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';
import { InputError } from '../client/errors';
import { printable } from '../text/printable';

/** Why a file a user named could not be read, in plain words. */
export type InputFileProblem = 'missing' | 'link-loop' | 'not-a-file' | 'too-large' | 'permission' | 'unreadable';

/** A file given as input (a spec, a recording, a HAR, an acknowledgement list) that cannot be read. */
export class InputFileError extends InputError {
  constructor(
    readonly file: string,
    readonly problem: InputFileProblem,
    /** What is wrong, without the file's name (`is a FIFO (named pipe), not a regular file`). */
    readonly detail: string,
  ) {
    super(`${printable(file)}: ${detail}`);
  }
}

/** The most any input file may hold unless a caller says otherwise: 256 MiB. */
export const DEFAULT_MAX_INPUT_BYTES = 256 * 1024 * 1024;

const mib = (bytes: number) => (bytes < 2 ** 20 ? `${bytes} bytes` : `${Math.round(bytes / 2 ** 20)} MiB`);

/**
 * Checks that `file` is a regular file this tool can read in bounded time and memory, following
 * symbolic links: a FIFO or a device would block or never end, a folder is not a file, a link loop
 * has no target, a file over `maxBytes` is refused before a byte is read. Throws InputFileError.
 */
export function checkInputFile(file: string, maxBytes = DEFAULT_MAX_INPUT_BYTES): void {
  let info;
  try {
    info = statSync(file);
  } catch (error) {
    throw problemOf(file, error);
  }
  if (!info.isFile()) throw new InputFileError(file, 'not-a-file', `is ${kindOf(info)}, not a regular file`);
  if (info.size > maxBytes) {
    throw new InputFileError(
      file,
      'too-large',
      `is ${mib(info.size)}, over this tool's limit of ${mib(maxBytes)} for one input file`,
    );
  }
}

/**
 * Reads a regular file as UTF-8 text, at most `maxBytes` (checkInputFile's rules, checked again on
 * the open file, and the read stops at the limit if the file grows meanwhile).
 */
export function readInputFile(file: string, maxBytes = DEFAULT_MAX_INPUT_BYTES): string {
  checkInputFile(file, maxBytes);
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw problemOf(file, error);
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) throw new InputFileError(file, 'not-a-file', `is ${kindOf(info)}, not a regular file`);
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes)
        throw new InputFileError(file, 'too-large', `grew past this tool's limit of ${mib(maxBytes)} while being read`);
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } catch (error) {
    throw error instanceof InputFileError ? error : problemOf(file, error);
  } finally {
    closeSync(fd);
  }
}

function kindOf(info: Stats): string {
  if (info.isDirectory()) return 'a folder';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** The system's error for a path, said plainly. */
export function problemOf(file: string, error: unknown): InputFileError {
  const code = (error as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
      return isLink(file)
        ? new InputFileError(file, 'missing', 'is a symbolic link to something that does not exist')
        : new InputFileError(file, 'missing', 'no such file or folder');
    case 'ELOOP':
      return new InputFileError(file, 'link-loop', 'is a symbolic link loop (it leads back to itself)');
    case 'EACCES':
    case 'EPERM':
      return new InputFileError(file, 'permission', 'permission denied: this user may not read it');
    case 'EISDIR':
      return new InputFileError(file, 'not-a-file', 'is a folder, not a regular file');
    case 'ENOTDIR':
      return new InputFileError(file, 'missing', 'a part of the path is not a folder');
    case 'ENAMETOOLONG':
      return new InputFileError(file, 'missing', 'the path is too long');
    default:
      return new InputFileError(file, 'unreadable', `cannot be read (${code ?? (error as Error)?.message ?? error})`);
  }
}

function isLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
