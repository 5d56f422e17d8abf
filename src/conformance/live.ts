import { ConfigurationError } from '../client/errors';
import { processEnv } from '../client/runtime';
import { DEFAULT_BASE_URL } from '../schema/spec';
import type { HarWriter } from './har-log';
import { verifyTarget, type Verification, type VerifyOptions } from './verify';

/** Where a live run goes and with what; each setting defaults to its environment variable. */
export interface LiveOptions extends VerifyOptions {
  /** Default: TWILIO_ACCOUNT_SID. */
  accountSid?: string;
  /** Default: TWILIO_AUTH_TOKEN. */
  authToken?: string;
  /** Default: TWILIO_CHAT_SERVICE_SID. */
  chatServiceSid?: string;
  /** Default: TWILIO_CONVERSATIONS_BASE_URL, else Twilio's. */
  baseUrl?: string;
  /** Stop the full listing after this many pages (default 1000). */
  maxPages?: number;
  /** Limit for each request, probes included, to the last byte of the answer (default 30,000 ms). */
  timeoutMs?: number;
  /** Allow a plain-http baseUrl on another host (credentials then travel unencrypted). */
  dangerouslyAllowInsecureHttp?: boolean;
  /** Where the defaults are read from. Default: process.env. */
  env?: Record<string, string | undefined>;
}

/**
 * Lists a live service (or any compatible server, such as the simulator) and checks every answer: the
 * full listing, filtered listings and probes that must fail. The same run as `verify --live`.
 * @throws ConfigurationError naming what is missing (nothing is sent).
 */
export function verifyLive(options: LiveOptions = {}): Promise<Verification> {
  if ((options as { record?: unknown }).record !== undefined) {
    return Promise.reject(
      new ConfigurationError(
        "verifyLive: record writes a file; import verifyLive from 'twilio-conversations-contract/node' to record.",
        'record',
      ),
    );
  }
  return runLive(options, (_secrets, body) => body(undefined));
}

/** Wraps a live run with a HAR recording (the `/node` entry point writes the file), or not. */
export type Recording = (
  secrets: string[],
  body: (har: HarWriter | undefined) => Promise<Verification>,
) => Promise<Verification>;

/** A live run; `record` decides whether a HAR file is written beside it. */
export async function runLive(options: LiveOptions, record: Recording): Promise<Verification> {
  const env = options.env ?? processEnv();
  const accountSid = options.accountSid ?? env.TWILIO_ACCOUNT_SID;
  const authToken = options.authToken ?? env.TWILIO_AUTH_TOKEN;
  const chatServiceSid = options.chatServiceSid ?? env.TWILIO_CHAT_SERVICE_SID;
  const missing = Object.entries({ accountSid, authToken, chatServiceSid })
    .filter(([, v]) => !v)
    .map(([k]) => k);
  if (missing.length) {
    throw new ConfigurationError(
      `verifyLive needs ${missing.join(', ')} (or TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_CHAT_SERVICE_SID); nothing was checked.`,
      missing[0]!,
      'missing',
    );
  }
  const baseUrl = options.baseUrl ?? env.TWILIO_CONVERSATIONS_BASE_URL ?? DEFAULT_BASE_URL;
  return record([authToken!], (har) =>
    verifyTarget(`live API ${baseUrl}, service ${chatServiceSid}`, {
      ...options,
      baseUrl,
      accountSid: accountSid!,
      authToken: authToken!,
      chatServiceSid: chatServiceSid!,
      probes: ['unknown-service', 'wrong-credentials'],
      har,
    }),
  );
}
