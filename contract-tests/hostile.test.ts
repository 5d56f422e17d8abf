import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import {
  createConversationsClient,
  type CallOptions,
  type ClientOptions,
  NetworkError,
  ResponseTooLargeError,
  ResponseValidationError,
  TimeoutError,
  TwilioApiError,
} from '../src';
import { loadSpecSource, SpecSourceError } from '../src/spec-diff';
import { runCli, spawnCli } from '../test-support/cli';
import {
  FIXTURE_ACCOUNT_SID,
  FIXTURE_AUTH_TOKEN,
  FIXTURE_SERVICE_SID,
  makeConversation,
  makePage,
} from '../test-support/fixtures';

// The README's promises, attacked by a server that misbehaves on purpose, over real HTTP on
// 127.0.0.1: bodies that never end, that never stop growing, that inflate from a small gzip,
// and answers that echo the credentials they were sent back in every encoding.

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

async function serve(handler: Handler): Promise<{ url: string; stop: () => Promise<void> }> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// Headers at once, then one byte of body a second, forever (until the client goes). With
// `declared`, the headers promise that many bytes (which never all come).
const drip =
  (status: number, declared?: number, started?: () => void): Handler =>
  (_req, res) => {
    res.writeHead(status, {
      'content-type': 'application/json',
      ...(declared === undefined ? {} : { 'content-length': String(declared) }),
    });
    res.write('{', () => started?.());
    const timer = setInterval(() => res.write(' '), 1000);
    res.on('close', () => clearInterval(timer));
  };

// A 200 whose body never ends and never waits: 64 KiB chunks as fast as the client reads them.
const endless =
  (contentType: string): Handler =>
  (_req, res) => {
    res.writeHead(200, { 'content-type': contentType });
    const chunk = Buffer.alloc(64 * 1024, 32);
    const pump = () => {
      while (res.write(chunk));
    };
    res.on('drain', pump);
    pump();
  };

const creds = { accountSid: FIXTURE_ACCOUNT_SID, authToken: FIXTURE_AUTH_TOKEN, env: {} };

/** The pointers of the validation warnings the last errorOf() call heard (kept here, not printed). */
let warned: string[] = [];

/** Serves `handler`, asks it for one page with a client of `options`, and returns what the call threw. */
async function errorOf(handler: Handler, options: Partial<ClientOptions>, call?: CallOptions): Promise<unknown> {
  const server = await serve(handler);
  warned = [];
  try {
    const client = createConversationsClient({
      ...creds,
      baseUrl: server.url,
      onValidationWarning: (v) => warned.push(v.pointer),
      ...options,
    });
    return await client.listConversations({ chatServiceSid: FIXTURE_SERVICE_SID }, call).then(
      () => new Error('the call succeeded'),
      (error: unknown) => error,
    );
  } finally {
    await server.stop();
  }
}
const env = (url: string, extra: Record<string, string> = {}) => ({
  TWILIO_ACCOUNT_SID: FIXTURE_ACCOUNT_SID,
  TWILIO_AUTH_TOKEN: FIXTURE_AUTH_TOKEN,
  TWILIO_CHAT_SERVICE_SID: FIXTURE_SERVICE_SID,
  TWILIO_CONVERSATIONS_BASE_URL: url,
  ...extra,
});

describe('a body that never ends', () => {
  it.each([404, 400, 503])('an HTTP %i body that drips: timeoutMs ends the call', async (status) => {
    const server = await serve(drip(status));
    try {
      const client = createConversationsClient({ ...creds, baseUrl: server.url, timeoutMs: 300, maxRetries: 0 });
      // The body never ends, so only the timer can end the call.
      await expect(client.listConversations({ chatServiceSid: FIXTURE_SERVICE_SID })).rejects.toBeInstanceOf(
        TimeoutError,
      );
    } finally {
      await server.stop();
    }
  });

  // A body of a declared length within the cap is read whole by Node's fetch (the fast path):
  // the same limits must hold there.
  it('a 200 that declares its length and drips: timeoutMs ends the call', async () => {
    expect(await errorOf(drip(200, 4096), { timeoutMs: 300, maxRetries: 0 })).toBeInstanceOf(TimeoutError);
  });

  it('a 200 cut short of its declared length is retried, then fails as a network error', async () => {
    let requests = 0;
    const cut: Handler = (_req, res) => {
      requests++;
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '5000' });
      res.write('{"conversations":[{"sid":"CH', () => res.destroy());
    };
    expect(await errorOf(cut, { maxRetries: 1, timeoutMs: 5_000 })).toBeInstanceOf(NetworkError);
    expect(requests).toBe(2);
  });

  it('bytes past a declared length are not read: 4 MiB after a 2-byte body never reach a 1 MiB cap', async () => {
    const overrun: Handler = (req) => {
      req.socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}');
      const chunk = Buffer.alloc(64 * 1024, 32);
      for (let i = 0; i < 64; i++) req.socket.write(chunk);
    };
    const error = await errorOf(overrun, { maxResponseBytes: 1024 * 1024 });
    // The body is the two declared bytes, `{}`: an object that is not a page.
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as Error).message).toContain('must have a conversations array and a meta object');
    expect(warned).toEqual(['/conversations', '/meta']); // `warn` mode reported both before the shape check refused it
  });

  it.each([
    ['a dripping error body', 404, undefined],
    ['a dripping 200 of a declared length', 200, 4096],
  ])("the caller's signal wins over %s", async (_name, status, declared) => {
    const controller = new AbortController();
    // The caller gives up once the body has begun to drip; the timeout is an hour away.
    const handler = drip(status, declared, () => controller.abort(new Error('caller gave up')));
    const error = await errorOf(handler, { timeoutMs: 3_600_000 }, { signal: controller.signal });
    expect((error as Error).message).toBe('caller gave up');
  });

  it('the first SIGTERM stops `list` while an error body drips (exit 143)', async () => {
    let dripping!: () => void;
    const started = new Promise<void>((resolve) => (dripping = resolve));
    const server = await serve(drip(404, undefined, () => dripping()));
    try {
      const cli = spawnCli(['list'], env(server.url));
      await started; // the CLI is reading a body that never ends
      cli.child.kill('SIGTERM');
      const result = await cli.done;
      // Only the signal can end it this way: the client's own timeout would give exit 1, after minutes of retries.
      expect(result.code).toBe(143);
      expect(result.stderr).not.toMatch(/timed out/i);
    } finally {
      await server.stop();
    }
  });

  it('verify --live gives its probes the same time limit: a probe that never ends is a run error, not a hang', async () => {
    let origin = '';
    const server = await serve((req, res) => {
      if (
        req.headers.authorization !==
          `Basic ${Buffer.from(`${FIXTURE_ACCOUNT_SID}:${FIXTURE_AUTH_TOKEN}`).toString('base64')}` ||
        !req.url!.includes(FIXTURE_SERVICE_SID)
      )
        return drip(401)(req, res);
      const body = JSON.stringify(
        makePage({
          items: [makeConversation(1, origin, FIXTURE_SERVICE_SID)],
          page: 0,
          pageSize: 50,
          origin,
          serviceSid: FIXTURE_SERVICE_SID,
        }),
      );
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    origin = server.url;
    try {
      const result = await runCli(['verify', '--live', '--timeout', '500', '--format', 'json'], env(server.url));
      expect(result.code).toBe(1);
      const report = JSON.parse(result.stdout) as { runErrors: string[] };
      expect(report.runErrors.join('\n')).toMatch(/probe (unknown-service|wrong-credentials) failed/);
    } finally {
      await server.stop();
    }
  });
});

describe('what a response may cost', () => {
  it('a 2xx body that never stops growing fails at maxResponseBytes, typed and naming the cap', async () => {
    const server = await serve(endless('application/json'));
    try {
      const client = createConversationsClient({
        ...creds,
        baseUrl: server.url,
        maxResponseBytes: 4 * 1024 * 1024,
        timeoutMs: 20_000,
      });
      const error = await client.listConversations({ chatServiceSid: FIXTURE_SERVICE_SID }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResponseTooLargeError);
      expect((error as Error).message).toContain('maxResponseBytes (4194304 bytes)');
    } finally {
      await server.stop();
    }
  });

  it('a small gzip that inflates past the cap (a compression bomb) is stopped while it inflates', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 32)); // ~64 KB on the wire, 64 MB inflated
    let requests = 0;
    const server = await serve((_req, res) => {
      requests++;
      res
        .writeHead(200, {
          'content-type': 'application/json',
          'content-encoding': 'gzip',
          'content-length': String(bomb.length),
        })
        .end(bomb);
    });
    try {
      const client = createConversationsClient({ ...creds, baseUrl: server.url, maxResponseBytes: 8 * 1024 * 1024 });
      const before = process.memoryUsage().rss;
      await expect(client.listConversations({ chatServiceSid: FIXTURE_SERVICE_SID })).rejects.toBeInstanceOf(
        ResponseTooLargeError,
      );
      expect(requests).toBe(1); // not retried: the same request gets the same body
      expect(process.memoryUsage().rss - before).toBeLessThan(48 * 1024 * 1024);
    } finally {
      await server.stop();
    }
  });

  it('a 20 MB error message is quoted, not copied: the error stays small', async () => {
    const server = await serve((_req, res) => {
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end(JSON.stringify({ code: 20001, message: 'x'.repeat(20 * 1024 * 1024), status: 400 }));
    });
    try {
      const client = createConversationsClient({ ...creds, baseUrl: server.url });
      const error = (await client
        .listConversations({ chatServiceSid: FIXTURE_SERVICE_SID })
        .catch((e: unknown) => e)) as TwilioApiError;
      expect(error).toBeInstanceOf(TwilioApiError);
      expect(error.status).toBe(400);
      expect(error.message.length).toBeLessThan(2100);
      expect((error.bodySnippet ?? '').length).toBeLessThanOrEqual(2051);
    } finally {
      await server.stop();
    }
  });

  it('diff and drift sources over http get a timeout covering the body, and the size cap', async () => {
    const slow = await serve(drip(200));
    const huge = await serve(endless('application/yaml'));
    try {
      await expect(loadSpecSource(`${slow.url}/spec.yaml`, { timeoutMs: 300 })).rejects.toThrow(
        /did not answer in full within 300 ms/,
      );
      const error = await loadSpecSource(`${huge.url}/spec.yaml`, { maxBytes: 1024 * 1024 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SpecSourceError);
      expect((error as Error).message).toMatch(/larger than 1048576 bytes/);
    } finally {
      await slow.stop();
      await huge.stop();
    }
  });
});

describe('a server that echoes the credentials back', () => {
  const basic = Buffer.from(`${FIXTURE_ACCOUNT_SID}:${FIXTURE_AUTH_TOKEN}`).toString('base64');
  const forms = [
    FIXTURE_AUTH_TOKEN,
    basic,
    encodeURIComponent(basic),
    Buffer.from(FIXTURE_AUTH_TOKEN).toString('base64'),
  ];
  const echo: Handler = (req, res) => {
    const said = `bad: ${req.headers.authorization} ${forms.join(' ')}`;
    res.writeHead(400, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        code: 20001,
        message: said,
        more_info: 'https://www.twilio.com/docs/errors/20001',
        status: 400,
      }),
    );
  };
  const leaked = (text: string) => forms.filter((f) => text.includes(f));

  it('list: nothing of it reaches stderr', async () => {
    const server = await serve(echo);
    try {
      const result = await runCli(['list'], env(server.url));
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/HTTP 400/);
      expect(leaked(result.stdout + result.stderr)).toEqual([]);
    } finally {
      await server.stop();
    }
  });

  it.each(['text', 'json', 'junit'])('verify --live: nothing of it reaches the %s report', async (format) => {
    const server = await serve(echo);
    try {
      const result = await runCli(['verify', '--live', '--format', format], env(server.url));
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('[REDACTED]');
      expect(leaked(result.stdout + result.stderr)).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});

describe('terminal escapes from outside never reach the terminal', () => {
  it('a server error message and a next link are printed with their control characters visible', async () => {
    const server = await serve((_req, res) => {
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ code: 20404, message: 'gone \u001b]0;pwned\u0007\u001b[2J\u009b31m', status: 404 }));
    });
    try {
      const result = await runCli(['list'], env(server.url));
      expect(result.code).toBe(1);
      expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
      expect(result.stderr).toContain('\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m');
    } finally {
      await server.stop();
    }
  });
});

describe('a target that never answers', () => {
  it('verify --live reports the run errors and fails (exit 1), rather than "nothing to check"', async () => {
    const server = await serve(() => {}); // accepts, never answers
    try {
      const result = await runCli(['verify', '--live', '--timeout', '200', '--format', 'json'], env(server.url));
      expect(result.code).toBe(1);
      const report = JSON.parse(result.stdout) as { runErrors: string[]; nothingChecked?: string; ok: boolean };
      expect(report.ok).toBe(false);
      expect(report.nothingChecked).toBeUndefined();
      expect(report.runErrors.join('\n')).toMatch(/full listing failed: .*timed out after 200 ms/);
    } finally {
      await server.stop();
    }
  });
});
