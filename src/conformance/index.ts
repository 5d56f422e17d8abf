/**
 * Contract checks of `GET /v1/Services/{ChatServiceSid}/Conversations` for your own code and traffic:
 * the named checks `conversations-contract verify` runs, over recorded files, a live service or the
 * mock, and over one response at a time.
 */
export { CHECK_NAMES, type CheckName, type Exchange, type Finding } from './types';
export { formatText, type CheckSummary, type ConformanceReport, type FindingGroup } from './report';
export { formatJunit } from './junit';
export { formatGithub, formatMarkdown } from './ci-report';
export { loadRecorded, RecordedInputError } from './recorded';
export type { TargetOptions } from './run';
export {
  checkResponse,
  verifyExchanges,
  verifyTarget,
  type ResponseVerdict,
  type Verification,
  type VerifyOptions,
} from './verify';
export { verifyLive, verifyMock, verifyRecorded, type LiveOptions } from './targets';
export { createHarRecorder, type HarRecorder, type HarRecorderOptions } from './har';
export { formatCoverage, type Coverage, type PropertyCoverage } from './coverage';
