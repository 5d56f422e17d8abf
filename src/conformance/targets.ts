import { chainScrubbers, createScrubber, noScrubber } from '../client/secrets';
import { MOCK_CREDENTIALS, startPrismMock } from '../prism/launcher';
import { exampleServiceSid } from '../schema/spec';
import { verifyExchanges, verifyTarget, type Verification, type VerifyOptions } from './verify';
import { runLive, type LiveOptions } from './live';
import { createHarWriter, type HarWriter } from './har';
import { loadRecorded } from './recorded';
import { outputError } from '../io/output-file';

/**
 * Runs the named checks over recorded responses: `.json` files (a body or an array of bodies), HAR
 * files, or folders of them. The same run as `conversations-contract verify recorded/`.
 * @example const { report } = await verifyRecorded(['recordings/'], { strict: true }); expect(report.ok).toBe(true);
 */
export async function verifyRecorded(paths: string[], options: VerifyOptions = {}): Promise<Verification> {
  // A file inside a folder that cannot be read is skipped, and the report says so: the others are
  // still checked. A path named here that cannot be read throws (RecordedInputError).
  const skipped: string[] = [];
  // Credentials found in the recordings themselves are scrubbed from every output too.
  const found: { secret: string; user?: string }[] = [];
  const exchanges = await loadRecorded(paths, {
    onSkipped: (problem) => skipped.push(problem),
    onCredential: (credential) => found.push(credential),
  });
  const notes = skipped.map((problem) => `skipped ${problem}`);
  const scrub = found.length ? chainScrubbers(options.scrub ?? noScrubber, createScrubber(found)) : options.scrub;
  const result = verifyExchanges(
    `recorded responses (${paths.join(', ')})`,
    exchanges,
    { ...options, scrub },
    [],
    notes,
  );
  return { ...result, skipped };
}

/** Options of a live run that may also record: the `/node` entry point's verifyLive. */
export interface LiveRecordingOptions extends LiveOptions {
  /** Also write every exchange to this HAR file (no credentials in it), for `verify` and the simulator to replay. */
  record?: string;
}

/**
 * Lists a live service (or any compatible server, such as the simulator) and checks every answer,
 * as the `/conformance` entry point's verifyLive does, and with `record` writes the traffic to a
 * HAR file too. The same run as `verify --live [--record FILE]`.
 * @throws ConfigurationError naming what is missing (nothing is sent).
 */
export function verifyLive(options: LiveRecordingOptions = {}): Promise<Verification> {
  return runLive(options, (secrets, body) => recording(options.record, secrets, body));
}

/**
 * Runs `body` with a HAR writer when a file is asked for, and finishes the file whatever happens. A
 * recording that could not be written (a full disk, a file too large) does not lose the verification:
 * it comes back with `recordingError`, and no truncated file is left under the name.
 */
async function recording(
  file: string | undefined,
  secrets: string[],
  body: (har: HarWriter | undefined) => Promise<Verification>,
): Promise<Verification> {
  if (file === undefined) return body(undefined);
  const har = await createHarWriter(file, { secrets });
  let result: Verification;
  try {
    result = await body(har);
  } catch (error) {
    await har.close().catch(() => {});
    throw error;
  }
  try {
    await har.close();
    return result;
  } catch (error) {
    return { ...result, recordingError: outputError(file, error) };
  }
}

/** Starts Prism on the bundled spec and checks what it serves (needs @stoplight/prism-cli). The same run as `verify --mock`. */
export async function verifyMock(
  options: VerifyOptions & { maxPages?: number; timeoutMs?: number; record?: string } = {},
): Promise<Verification> {
  const prism = await startPrismMock();
  try {
    return await recording(options.record, [MOCK_CREDENTIALS.authToken], (har) =>
      verifyTarget(`Prism mock of the bundled spec (${prism.url})`, {
        ...options,
        baseUrl: prism.url,
        ...MOCK_CREDENTIALS,
        chatServiceSid: exampleServiceSid(),
        maxPages: options.maxPages ?? 10,
        filters: false, // Prism answers every filter with the same example page
        probes: ['no-credentials'],
        har,
      }),
    );
  } finally {
    await prism.stop();
  }
}
