/**
 * Contract checks of `GET /v1/Services/{ChatServiceSid}/Conversations` for your own code and traffic:
 * the named checks `conversations-contract verify` runs, over exchanges you hold, a live service, or
 * one response at a time, and the report formats. Nothing here reads or writes files or starts a
 * process, so it runs on every runtime the client runs on (Workers included). Recorded files, HAR
 * recording and the Prism mock are in the `/node` entry point.
 */
export { CHECK_NAMES, type CheckName, type Exchange, type Finding } from './types';
export { formatText, type CheckSummary, type ConformanceReport, type FindingGroup } from './report';
export { formatJunit } from './junit';
export { formatGithub, formatMarkdown } from './ci-report';
export type { TargetOptions } from './run';
export {
  checkResponse,
  verifyExchanges,
  verifyTarget,
  type ResponseVerdict,
  type Verification,
  type VerifyOptions,
} from './verify';
export { verifyLive, type LiveOptions } from './live';
export type { CurlAuth } from './types';
export type { CheckRun } from './checks';
export type { HarExchange, HarWriter } from './har-log';
export type { Scrubber } from '../client/secrets';
export type { OutputFileError } from '../io/output-file';
export { formatCoverage, type Coverage, type PropertyCoverage } from './coverage';
