/**
 * Standard output for a streamed listing: waits when the reader is slower than the listing
 * (so memory stays flat however long the list), and notices when the reader has gone (`| head`
 * closing the pipe) instead of crashing with EPIPE.
 */
export interface Sink {
  /** Writes text; resolves once the stream can take more. Writes after the reader left are dropped. */
  write(text: string): Promise<void>;
  /** True once the reader has closed the pipe. */
  readonly closed: boolean;
  /** Resolves when the reader closes the pipe. */
  readonly whenClosed: Promise<void>;
  /** Removes the listeners this sink added. */
  release(): void;
}

export function createSink(stream: NodeJS.WritableStream): Sink {
  let closed = false;
  // Writes are awaited one at a time, so at most one write waits for 'drain'.
  let waiting: (() => void) | undefined;
  let onClosed!: () => void;
  const whenClosed = new Promise<void>((resolve) => (onClosed = resolve));
  const close = () => {
    closed = true;
    waiting?.();
    onClosed();
  };
  // An EPIPE (or any write error: the output is gone either way) ends the output, not the process.
  const onError = () => close();
  stream.on('error', onError);
  stream.on('close', close);
  return {
    get closed() {
      return closed;
    },
    whenClosed,
    async write(text) {
      if (closed || text === '') return;
      if (stream.write(text)) return;
      await new Promise<void>((resolve) => {
        waiting = () => {
          stream.off('drain', waiting!);
          waiting = undefined;
          resolve();
        };
        stream.on('drain', waiting);
      });
    },
    release() {
      stream.off('error', onError);
      stream.off('close', close);
      // A reader that leaves while the last bytes are flushed must still not crash the process.
      stream.on('error', () => {});
    },
  };
}
