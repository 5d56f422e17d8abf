import { createWriteStream, type WriteStream } from 'node:fs';
import { lstat, mkdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { InputError } from '../client/errors';
import { printable } from '../text/printable';

/** A report, recording or export could not be written where the user asked. */
export class OutputFileError extends InputError {
  constructor(
    /** The path the user gave. */
    readonly file: string,
    /** What went wrong, in plain words, without the file's name. */
    readonly detail: string,
  ) {
    super(`cannot write ${printable(file)}: ${detail}`);
  }
}

/** Where output goes: written as it comes, then put in place (commit) or thrown away (abort). */
export interface OutputTarget {
  write(text: string): Promise<void>;
  /** Finishes the file; for a regular file, moves it to its name only now. */
  commit(): Promise<void>;
  /** Drops what was written (a regular file's name is left as it was). */
  abort(): Promise<void>;
}

/**
 * Opens `file` for output so that a kill or a full disk never leaves a truncated file under its
 * name. A regular file (or a new one, or a symbolic link to one) is written to a temporary file
 * beside it and renamed into place on commit: the old content stays until then. A device or a
 * FIFO (`/dev/null`, `/dev/stdout`, a shell's `>(...)`) is written through, never replaced. A
 * folder is refused. Every failure is an OutputFileError naming the file and the cause.
 */
export async function openOutput(file: string): Promise<OutputTarget> {
  const target = await resolveTarget(file);
  if (target.kind === 'through') return streamTarget(file, createWriteStream(target.path, { flags: 'w' }), null);
  const dir = path.dirname(target.path);
  try {
    await mkdir(dir, { recursive: true });
  } catch (error) {
    throw outputError(file, error);
  }
  const temporary = path.join(
    dir,
    `.${path.basename(target.path)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.partial`,
  );
  return streamTarget(file, createWriteStream(temporary, { flags: 'wx' }), { temporary, final: target.path });
}

/** Writes `text` to `file` by openOutput's rules. */
export async function writeOutputFile(file: string, text: string): Promise<void> {
  const out = await openOutput(file);
  try {
    await out.write(text);
    await out.commit();
  } catch (error) {
    await out.abort();
    throw error;
  }
}

async function resolveTarget(file: string): Promise<{ kind: 'atomic' | 'through'; path: string }> {
  let info;
  try {
    info = await lstat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'atomic', path: file };
    throw outputError(file, error);
  }
  if (info.isSymbolicLink()) {
    // The link stays: what it points at is written (replaced atomically if it is a regular file).
    let real: string;
    try {
      real = await realpath(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'atomic', path: file };
      throw outputError(file, error);
    }
    info = await stat(real);
    file = real;
  }
  if (info.isDirectory()) throw new OutputFileError(file, 'it is a folder; name a file in it');
  if (info.isFile()) return { kind: 'atomic', path: file };
  return { kind: 'through', path: file }; // a device, a FIFO, a socket: written through, never replaced
}

function streamTarget(
  file: string,
  stream: WriteStream,
  atomic: { temporary: string; final: string } | null,
): Promise<OutputTarget> {
  let failure: OutputFileError | undefined;
  stream.on('error', (error) => (failure ??= outputError(file, error)));
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', (error) => reject(outputError(file, error)));
  });
  // The stream's first error, said plainly (events.once also rejects with it).
  const check = () => {
    if (failure) throw failure;
  };
  const remember = (error: unknown) => void (failure ??= outputError(file, error));
  return opened.then(() => ({
    async write(text) {
      check();
      if (!stream.write(text)) await once(stream, 'drain').catch(remember);
      check();
    },
    async commit() {
      check();
      stream.end();
      await once(stream, 'finish').catch(remember);
      check();
      if (atomic) {
        try {
          await rename(atomic.temporary, atomic.final);
        } catch (error) {
          throw outputError(file, error);
        }
      }
    },
    async abort() {
      stream.destroy();
      if (atomic) await rm(atomic.temporary, { force: true });
    },
  }));
}

/** The system's error for an output path, said plainly. */
export function outputError(file: string, error: unknown): OutputFileError {
  if (error instanceof OutputFileError) return error;
  const code = (error as NodeJS.ErrnoException)?.code;
  const detail: Record<string, string> = {
    ENOSPC: 'the disk is full (no space left on the device)',
    EDQUOT: 'the disk quota is used up',
    EFBIG: 'the file grew past the largest size allowed here (the file system, or a limit such as ulimit -f)',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
    EISDIR: 'it is a folder; name a file in it',
    ENOTDIR: 'a part of the path is not a folder',
    EEXIST: 'a temporary file of the same name is in the way',
  };
  return new OutputFileError(file, detail[code ?? ''] ?? `${code ?? (error as Error)?.message ?? String(error)}`);
}
