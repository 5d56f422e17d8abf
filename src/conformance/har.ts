// HAR files on disk: the log of har-log.ts written to a file atomically, and the recorder an
// application wraps its fetch with. Needs a file system (the `/node` entry point).
import { openOutput } from '../io/output-file';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../client/body';
import { createHarLog, fetchThrough, type HarWriter } from './har-log';

export type { HarExchange, HarWriter } from './har-log';

/**
 * A HarWriter on a file. A regular file is written beside its name and moved into place by
 * close(): a killed run or a full disk never leaves a truncated HAR under it. A device or FIFO is
 * written through.
 */
export async function createHarWriter(file: string, options: { secrets?: string[] } = {}): Promise<HarWriter> {
  return createHarLog(await openOutput(file), options);
}

/** What `createHarRecorder` gives: a fetch to hand to the client, and the file's end. */
export interface HarRecorder {
  /** Pass as `createConversationsClient({ fetch })`: each answer is read, written to the HAR file and handed on. */
  fetch: (request: Request) => Promise<Response>;
  /** Entries written so far. */
  readonly entries: number;
  /** Finishes the file; call it when the traffic you want is recorded (in a `finally`). */
  close(): Promise<void>;
}

/** How `createHarRecorder` sends and what it keeps out of the file. */
export interface HarRecorderOptions {
  /** The fetch that really sends (default: the global fetch). */
  fetch?: (request: Request) => Promise<Response>;
  /** Secrets to keep out of the file besides the ones read from Authorization headers (API secrets, say). */
  secrets?: string[];
  /** Cap on a recorded 2xx body, decoded (default 32 MiB, as the client's); error bodies keep their first 64 KiB. */
  maxResponseBytes?: number;
}

/**
 * Records an application's real traffic as a HAR file that `conversations-contract verify` and the
 * simulator (`mock --stateful --data`) read. Credentials never reach the file (see HarWriter).
 * @example
 * const recorder = await createHarRecorder('recordings/staging.har');
 * const client = createConversationsClient({ fetch: recorder.fetch });
 * try { await client.listConversations({ chatServiceSid }); } finally { await recorder.close(); }
 */
export async function createHarRecorder(file: string, options: HarRecorderOptions = {}): Promise<HarRecorder> {
  const writer = await createHarWriter(file, { secrets: options.secrets ?? [] });
  const send = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const limit = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  return {
    get entries() {
      return writer.entries;
    },
    fetch: async (request) => {
      const through = await fetchThrough(send, request, limit);
      await writer.add({
        request,
        response: through.original,
        body: through.bytes,
        startedAt: through.startedAt,
        timeMs: through.timeMs,
      });
      return through.response;
    },
    close: () => writer.close(),
  };
}
