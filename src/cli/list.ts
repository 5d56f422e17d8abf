import { createConversationsClient, type ConversationsClient } from '../client/client';
import type { HttpEvent } from '../client/retry';
import { ConfigurationError } from '../client/errors';
import { startPrismMock, type PrismMock } from '../prism/launcher';
import { createParamEncoder, pageSizeForLimit, type ListParams } from '../client/params';
import { createSpecValidators } from '../spec/validate';
import { printable } from '../text/printable';
import type { ValidationMode } from '../client/response-check';
import { exampleServiceSid } from '../spec/spec';
import { exitForSignal, EXIT, isTerminal, onInterrupt, UsageError, useColor, type CliIo } from './common';
import { createFormatter, type Format } from './output';
import { createProgress } from './progress';

type Progress = ReturnType<typeof createProgress>;
import { createSink } from './sink';

export interface ListFlags {
  service?: string;
  state?: NonNullable<ListParams['state']>;
  startDate?: string;
  endDate?: string;
  pageSize?: number;
  limit?: number;
  format: Format;
  validate: ValidationMode;
  mock?: boolean;
  accountSid?: string;
  apiKey?: string;
  baseUrl?: string;
  verbose?: boolean;
  dangerouslyAllowInsecureHttp?: boolean;
}

// Credentials the mock is given: Prism only checks that the Authorization header is there.
const MOCK_ACCOUNT_SID = `AC${'0'.repeat(32)}`;
const MOCK_TOKEN = 'mock-token';

/** `list`: streams a service's conversations to stdout in the chosen format. */
export async function runList(flags: ListFlags, io: CliIo): Promise<number> {
  if (flags.mock && (flags.baseUrl || flags.accountSid || flags.apiKey))
    throw new UsageError(
      '--mock uses the bundled spec and no account: leave out --base-url, --account-sid and --api-key',
    );
  const service = flags.service ?? io.env.TWILIO_CHAT_SERVICE_SID ?? (flags.mock ? exampleServiceSid() : undefined);
  const params: ListParams = {
    chatServiceSid: service ?? '',
    state: flags.state,
    startDate: flags.startDate,
    endDate: flags.endDate,
    pageSize: flags.pageSize ?? pageSizeForLimit(flags.limit),
  };
  // Bad options fail first: before credentials are looked at, and before Prism's second of start-up.
  if (service) createParamEncoder(createSpecValidators({ formats: 'fast' }))(params);
  let prism: PrismMock | undefined;
  if (flags.mock) {
    try {
      prism = await startPrismMock();
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  try {
    const progress = createProgress(io.stderr, {
      live: isTerminal(io.stderr) && !isTerminal(io.stdout),
      summary: isTerminal(io.stderr),
    });
    const client = createClient(flags, io, prism, progress);
    if (!service) throw new UsageError('no service: pass --service IS... or set TWILIO_CHAT_SERVICE_SID');
    return await stream(client, params, flags, io, progress);
  } finally {
    await prism?.stop();
  }
}

function createClient(
  flags: ListFlags,
  io: CliIo,
  prism: PrismMock | undefined,
  progress: Progress,
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
  if (prism)
    return createConversationsClient({
      ...common,
      accountSid: MOCK_ACCOUNT_SID,
      authToken: MOCK_TOKEN,
      baseUrl: prism.url,
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
      return 'no Auth Token: set TWILIO_AUTH_TOKEN (or TWILIO_API_KEY and TWILIO_API_SECRET); secrets are read from the environment only';
    case 'apiKey':
      return `the API key (--api-key or TWILIO_API_KEY) must be ${sid('SK')}`;
    case 'apiSecret':
      return 'an API key needs its secret: set TWILIO_API_SECRET (read from the environment only)';
    case 'baseUrl':
      return `--base-url (or TWILIO_CONVERSATIONS_BASE_URL): ${error.message.replace(/^baseUrl /, '')}`;
    default:
      return error.message;
  }
}

async function stream(
  client: ConversationsClient,
  params: ListParams,
  flags: ListFlags,
  io: CliIo,
  progress: Progress,
): Promise<number> {
  const sink = createSink(io.stdout);
  const formatter = createFormatter(flags.format, { color: useColor(io.stdout, io.env) });
  const controller = new AbortController();
  let stoppedBy: NodeJS.Signals | undefined;
  const dispose = onInterrupt(io, (signal) => {
    stoppedBy = signal;
    controller.abort(new Error(`stopped by ${signal}`));
  });
  void sink.whenClosed.then(() => controller.abort(new Error('the output was closed')));

  let count = 0;
  let failure: unknown;
  // The header (or '[') waits for the first page: bad input or a failed first request prints nothing on stdout.
  let begun = false;
  const begin = async () => {
    if (!begun) await sink.write(formatter.begin());
    begun = true;
  };
  try {
    pages: for await (const page of client.iteratePages(params, { signal: controller.signal })) {
      await begin();
      progress.page(page.conversations.length);
      for (const conversation of page.conversations) {
        if (controller.signal.aborted) break pages;
        await sink.write(formatter.item(conversation, count++));
        if (count === flags.limit) break pages;
      }
    }
  } catch (error) {
    // Aborting (Ctrl-C, or the reader leaving) ends the listing quietly; anything else is reported below.
    if (!controller.signal.aborted) failure = error;
  } finally {
    dispose();
    progress.clear();
  }
  if (!(failure && !begun)) {
    // Whatever stopped the listing, what was printed is completed (a JSON array is closed).
    await begin();
    await sink.write(formatter.end(count));
  }
  sink.release();
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- the value caught above, rethrown as it came
  if (failure) throw failure;
  if (stoppedBy) {
    io.stderr.write(
      `stopped by ${stoppedBy === 'SIGINT' ? 'Ctrl-C' : stoppedBy} after ${count} conversation${count === 1 ? '' : 's'}; everything printed is complete\n`,
    );
    return exitForSignal(stoppedBy);
  }
  if (!sink.closed) progress.summary(count);
  return EXIT.ok;
}
