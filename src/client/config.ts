import { ConfigurationError } from './errors';
import { createScrubber, type Scrubber } from './secrets';
import { DEFAULT_BASE_URL, resolvePointer } from '../schema/spec';
import { base64 } from '../text/bytes';
import { processEnv } from './runtime';

export interface CredentialOptions {
  /** Account SID (`AC...`). Default: `TWILIO_ACCOUNT_SID`. */
  accountSid?: string | undefined;
  /** Auth Token. Default: `TWILIO_AUTH_TOKEN`. Ignored when an API key is given. */
  authToken?: string | undefined;
  /** API key SID (`SK...`), used with `apiSecret` instead of the Auth Token. Default: `TWILIO_API_KEY`. */
  apiKey?: string | undefined;
  /** The API key's secret. Default: `TWILIO_API_SECRET`. */
  apiSecret?: string | undefined;
  /** API root. Default: `TWILIO_CONVERSATIONS_BASE_URL`, else the spec's server. Must be https, or http on a loopback host. */
  baseUrl?: string | undefined;
  /**
   * Allows a plain-http `baseUrl` on a host other than this machine (a mock in docker-compose or a CI
   * service, `http://prism:4010`). The credentials then travel unencrypted, readable by anyone on the
   * network path: never point it at a real account. Default false.
   */
  dangerouslyAllowInsecureHttp?: boolean | undefined;
  /** Where defaults are read from. Default: `process.env`. */
  env?: Record<string, string | undefined> | undefined;
}

export interface ResolvedConfig {
  baseUrl: string;
  authorization: string;
  /** Removes the secret, in every form it can travel in, from text that leaves the process. */
  scrub: Scrubber;
}

// The Account SID shape is the one the spec gives `account_sid`; API key SIDs follow the same scheme with SK.
const ACCOUNT_SID = new RegExp(
  resolvePointer('#/components/schemas/Conversation/properties/account_sid/pattern') as string,
);
const API_KEY_SID = /^SK[0-9a-fA-F]{32}$/;

/** Reads credentials and the base URL, failing at construction with the option and variable to fix. */
export function resolveConfig(options: CredentialOptions): ResolvedConfig {
  const env = options.env ?? processEnv();
  const accountSid = options.accountSid ?? env.TWILIO_ACCOUNT_SID;
  const apiKey = options.apiKey ?? env.TWILIO_API_KEY;
  if (!accountSid)
    throw new ConfigurationError('No Account SID: pass accountSid or set TWILIO_ACCOUNT_SID.', 'accountSid', 'missing');
  if (!ACCOUNT_SID.test(accountSid)) {
    throw new ConfigurationError(
      'accountSid must be "AC" followed by 32 hex digits (check TWILIO_ACCOUNT_SID).',
      'accountSid',
    );
  }

  let user: string;
  let secret: string | undefined;
  if (apiKey) {
    if (!API_KEY_SID.test(apiKey))
      throw new ConfigurationError('apiKey must be "SK" followed by 32 hex digits (check TWILIO_API_KEY).', 'apiKey');
    user = apiKey;
    secret = options.apiSecret ?? env.TWILIO_API_SECRET;
    if (!secret)
      throw new ConfigurationError(
        'An API key needs its secret: pass apiSecret or set TWILIO_API_SECRET.',
        'apiSecret',
        'missing',
      );
  } else {
    user = accountSid;
    secret = options.authToken ?? env.TWILIO_AUTH_TOKEN;
    if (!secret) {
      throw new ConfigurationError(
        'No Auth Token: pass authToken (or apiKey and apiSecret), or set TWILIO_AUTH_TOKEN.',
        'authToken',
        'missing',
      );
    }
  }
  checkSecret(secret, apiKey ? 'apiSecret' : 'authToken', apiKey ? 'TWILIO_API_SECRET' : 'TWILIO_AUTH_TOKEN');
  const encoded = base64(`${user}:${secret}`);
  return {
    baseUrl: checkBaseUrl(
      options.baseUrl ?? env.TWILIO_CONVERSATIONS_BASE_URL ?? DEFAULT_BASE_URL,
      options.dangerouslyAllowInsecureHttp === true,
    ),
    authorization: `Basic ${encoded}`,
    scrub: createScrubber([{ secret, user }]),
  };
}

/**
 * A secret with a line break or another control character in it (a token pasted with its newline,
 * a CR from a Windows .env file), or with a space at either end, would be sent as a wrong
 * credential, or not at all; it is refused before anything is sent. The message names the input
 * and the rule, never the value.
 */
function checkSecret(secret: string, option: string, variable: string): void {
  if (typeof secret !== 'string') throw new ConfigurationError(`${option} must be a string.`, option);
  const control = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.exec(secret);
  const edge = /^\s|\s$/.exec(secret);
  const bad = control ?? edge;
  if (!bad) return;
  const code = bad[0].charCodeAt(0);
  const what =
    code === 0x0a || code === 0x0d
      ? 'a line break (CR or LF)'
      : control
        ? `a control character (U+${code.toString(16).toUpperCase().padStart(4, '0')})`
        : `a space at its ${bad.index === 0 ? 'start' : 'end'}`;
  throw new ConfigurationError(
    `${option} (or ${variable}) contains ${what} at position ${bad.index + 1}: a ` +
      `secret is one line of printable text; check how it was copied. Nothing was sent.`,
    option,
  );
}

function checkBaseUrl(raw: string, allowInsecureHttp: boolean): string {
  const baseUrl = raw.replace(/\/+$/, '');
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new ConfigurationError(`baseUrl ${JSON.stringify(raw)} is not an absolute URL.`, 'baseUrl');
  }
  if (url.username || url.password)
    throw new ConfigurationError('baseUrl must not carry credentials; pass them as options.', 'baseUrl');
  if (url.search || url.hash) throw new ConfigurationError('baseUrl must not have a query or fragment.', 'baseUrl');
  if (url.protocol === 'http:' && !isLoopback(url.hostname) && !allowInsecureHttp) {
    throw new ConfigurationError(
      `baseUrl ${baseUrl} would send credentials unencrypted: use https, or http only on a loopback host ` +
        `(for a mock on another host, such as a docker-compose service, set dangerouslyAllowInsecureHttp).`,
      'baseUrl',
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigurationError(`baseUrl must be http(s), not ${url.protocol}`, 'baseUrl');
  return baseUrl;
}

/** Whether a host name is this machine (plain http is allowed there). */
export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}
