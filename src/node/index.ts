/**
 * The parts of the package that need a file system or child processes: recorded files checked from
 * disk, HAR recording to a file, the Prism mock, and the bundled spec's path. They run on Node, Bun
 * and Deno; Cloudflare Workers and browsers have none of these, so the client and `/conformance`
 * never import this module.
 */
export { loadRecorded, RecordedInputError } from '../conformance/recorded';
export { verifyLive, verifyMock, verifyRecorded, type LiveRecordingOptions } from '../conformance/targets';
export { createHarRecorder, type HarRecorder, type HarRecorderOptions } from '../conformance/har';
export { specPath } from '../schema/spec-file';
