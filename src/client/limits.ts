/** The default cap on one response body: far above a 1000-item page (~1.2 MB), far below what hurts. */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/**
 * Error bodies are read up to this many bytes; the rest is dropped. A Twilio error body is a few
 * hundred bytes, and an error is reported with a 2 KB snippet at most.
 */
export const ERROR_BODY_BYTES = 64 * 1024;
