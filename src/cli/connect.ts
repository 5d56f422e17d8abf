import { createConversationsClient } from '../client/client';
import type { ConversationsClient } from '../client/types';
import { ConfigurationError } from '../client/errors';
import type { HttpEvent } from '../client/retry';
import { MOCK_CREDENTIALS } from '../prism/launcher';
import { printable } from '../text/printable';
import { UsageError, type CliIo } from './common';
import type { ValidationMode } from '../client/response-check';

/** The flags that decide how the CLI connects (list's flags include them). */
export interface ConnectFlags {
  validate: ValidationMode;
  accountSid?: string;
  apiKey?: string;
  baseUrl?: string;
  verbose?: boolean;
  dangerouslyAllowInsecureHttp?: boolean;
}

/**
 * The client the command line uses: credentials from the flags and the environment (secrets from the
 * environment only), the mock's placeholders with --mock, warnings and --verbose lines on stderr, and
 * configuration problems said in the CLI's words.
 */
export function createClient(
  flags: ConnectFlags,
  io: CliIo,
  mock: { url: string } | undefined,
  progress: { clear(): void },
): ConversationsClient {
  // A progress line on screen is erased first (the next page draws it again). The line quotes a
  // server (pointer, URL): its control characters are made visible.
  const warn = (line: string) => {
    progress.clear();
    io.stderr.write(`warning: ${printable(line)}\n`);
  };
  const common = {
    validation: flags.validate,
    onValidationWarning: (v: { pointer: string; rule: string; message: string }, context: { url: string }) =>
      warn(`a response breaks the spec at ${v.pointer || '(root)'} (${v.rule}: ${v.message}); from GET ${context.url}`),
    ...(flags.verbose ? { onEvent: verboseLine(io, progress) } : {}),
    dangerouslyAllowInsecureHttp: flags.dangerouslyAllowInsecureHttp === true,
  };
  if (flags.dangerouslyAllowInsecureHttp)
    warn(
      '--dangerously-allow-insecure-http: the credentials may travel unencrypted; use it only for a mock, never a real account',
    );
  if (mock)
    return createConversationsClient({
      ...common,
      ...MOCK_CREDENTIALS,
      baseUrl: mock.url,
      env: {},
    });
  try {
    return createConversationsClient({
      ...common,
      accountSid: flags.accountSid,
      apiKey: flags.apiKey,
      baseUrl: flags.baseUrl,
      env: io.env,
    });
  } catch (error) {
    if (error instanceof ConfigurationError) throw new UsageError(cliWording(error));
    throw error;
  }
}

/** `--verbose`: one line on stderr per request and per answer, as `curl -v` would summarise them. */
export function verboseLine(io: CliIo, progress: { clear(): void }) {
  return (event: HttpEvent) => {
    progress.clear();
    const line =
      event.type === 'request'
        ? `> ${event.method} ${event.url} (attempt ${event.attempt})`
        : event.type === 'response'
          ? `< ${event.status} ${event.method} ${event.url} in ${Math.round(event.durationMs)} ms${event.requestId ? `, request ${event.requestId}` : ''}`
          : `< failed ${event.method} ${event.url} after ${Math.round(event.durationMs)} ms: ${event.reason}`;
    io.stderr.write(`${printable(line)}\n`);
  };
}

// The library's advice names its options (`pass accountSid`); on the command line the flags and
// environment variables apply, so the same problem is said in their words.
function cliWording(error: ConfigurationError): string {
  const sid = (prefix: string) => `"${prefix}" followed by 32 hex digits`;
  switch (error.option) {
    case 'accountSid':
      return error.problem === 'missing'
        ? 'no Account SID: set TWILIO_ACCOUNT_SID, or pass --account-sid AC...'
        : `the Account SID (--account-sid or TWILIO_ACCOUNT_SID) must be ${sid('AC')}`;
    case 'authToken':
      return error.problem === 'missing'
        ? 'no Auth Token: set TWILIO_AUTH_TOKEN (or TWILIO_API_KEY and TWILIO_API_SECRET); secrets are read from the environment only'
        : error.message.replace(/^authToken \(or TWILIO_AUTH_TOKEN\)/, 'TWILIO_AUTH_TOKEN');
    case 'apiKey':
      return `the API key (--api-key or TWILIO_API_KEY) must be ${sid('SK')}`;
    case 'apiSecret':
      return error.problem === 'missing'
        ? 'an API key needs its secret: set TWILIO_API_SECRET (read from the environment only)'
        : error.message.replace(/^apiSecret \(or TWILIO_API_SECRET\)/, 'TWILIO_API_SECRET');
    case 'baseUrl':
      return `--base-url (or TWILIO_CONVERSATIONS_BASE_URL): ${error.message.replace(/^baseUrl /, '')}`;
    default:
      return error.message;
  }
}
