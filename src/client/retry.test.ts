import { scriptedFetch, type Step } from '../../test-support/scripted-fetch';
import { bodyOf } from './buffered-response';
import { NetworkError, ResponseTooLargeError, TimeoutError } from './errors';
import {
  backoffMs,
  createRetryingFetch,
  DEFAULT_RETRY_POLICY,
  realTiming,
  retryAfterMs,
  type RetryEvent,
  type RetryPolicy,
  type Timing,
} from './retry';

const URL_ = 'http://127.0.0.1:9/v1/Services/IS0/Conversations';

/** Timing that records every wait instead of waiting. */
function fakeTiming(now = Date.UTC(2026, 0, 1)): Timing & { waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      waits.push(ms);
    },
    random: () => 0.5,
    now: () => now,
  };
}

function scripted(...steps: Step[]) {
  const { fetch, requests } = scriptedFetch(...steps);
  return { fetch, calls: requests };
}

const status =
  (code: number, headers: Record<string, string> = {}) =>
  () =>
    new Response(JSON.stringify({ code, message: 'x', more_info: 'https://x.test', status: code }), {
      status: code,
      headers: { 'content-type': 'application/json', ...headers },
    });
const ok = () => new Response('{"conversations":[]}', { status: 200, headers: { 'content-type': 'application/json' } });
const failed = () =>
  Promise.reject(
    new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
    }),
  );

function setup(
  policy: Partial<RetryPolicy> = {},
  steps: Array<() => Response | Promise<Response>> = [],
  signal?: AbortSignal,
) {
  const timing = fakeTiming();
  const events: RetryEvent[] = [];
  const script = scripted(...steps);
  const run = createRetryingFetch({
    fetch: script.fetch,
    policy: { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, ...policy },
    timing,
    signal,
    onRetry: (e) => events.push(e),
    scrub: (t) => t.split('sekret').join('[REDACTED]'),
  });
  return { run: () => run(new Request(URL_)), timing, events, calls: script.calls };
}

describe('a throttle budget apart from maxRetries (a listing by day)', () => {
  const many = (n: number, step: () => Response) => Array.from({ length: n }, () => step);

  it('without one, 429s and other failures share maxRetries', async () => {
    const t = setup({ maxRetries: 3 }, [...many(2, status(429)), status(503), status(429), ok]);
    expect((await t.run()).status).toBe(429);
    expect(t.calls).toHaveLength(4);
  });

  it('with one, 8 429s are retried and the answer that follows is returned', async () => {
    const t = setup({ maxRetries: 3, maxThrottleRetries: 8 }, [...many(8, status(429)), ok]);
    expect((await t.run()).status).toBe(200);
    expect(t.calls).toHaveLength(9);
  });

  it('with one, the 9th 429 is the answer; other failures keep their own 3', async () => {
    const t = setup({ maxRetries: 3, maxThrottleRetries: 8 }, [...many(9, status(429)), ok]);
    expect((await t.run()).status).toBe(429);
    expect(t.calls).toHaveLength(9);
    const mixed = setup({ maxRetries: 3, maxThrottleRetries: 8 }, [
      status(429),
      status(503),
      status(503),
      status(503),
      status(503),
      ok,
    ]);
    expect((await mixed.run()).status).toBe(503);
    expect(mixed.calls).toHaveLength(5);
  });
});

describe('retrying fetch', () => {
  it.each([429, 500, 502, 503, 504])('retries HTTP %i and then returns the success', async (code) => {
    const t = setup({}, [status(code), status(code), ok]);
    const response = await t.run();
    expect(response.status).toBe(200);
    expect(t.calls).toHaveLength(3);
    expect(t.events.map((e) => e.status)).toEqual([code, code]);
    expect(t.calls.every((c) => c.url === URL_)).toBe(true);
  });

  it.each([400, 401, 403, 404, 410, 422])('never retries HTTP %i', async (code) => {
    const t = setup({}, [status(code), ok]);
    expect((await t.run()).status).toBe(code);
    expect(t.calls).toHaveLength(1);
  });

  it('returns the last retryable answer once retries are used up', async () => {
    const t = setup({ maxRetries: 2 }, [status(503), status(503), status(503), ok]);
    expect((await t.run()).status).toBe(503);
    expect(t.calls).toHaveLength(3);
  });

  it('makes exactly one attempt with maxRetries 0', async () => {
    const t = setup({ maxRetries: 0 }, [status(500), ok]);
    expect((await t.run()).status).toBe(500);
    expect(t.calls).toHaveLength(1);
  });

  it('waits as long as Retry-After says, in seconds', async () => {
    const t = setup({}, [status(429, { 'retry-after': '7' }), ok]);
    await t.run();
    expect(t.timing.waits).toEqual([7000]);
  });

  it('waits until the HTTP date in Retry-After', async () => {
    const t = setup({}, [status(429, { 'retry-after': new Date(Date.UTC(2026, 0, 1, 0, 0, 12)).toUTCString() }), ok]);
    await t.run();
    expect(t.timing.waits).toEqual([12_000]);
  });

  it('clamps Retry-After to maxDelayMs', async () => {
    const t = setup({ maxDelayMs: 2000 }, [status(503, { 'retry-after': '3600' }), ok]);
    await t.run();
    expect(t.timing.waits).toEqual([2000]);
  });

  it('backs off exponentially with jitter when there is no Retry-After', async () => {
    const t = setup({ baseDelayMs: 100 }, [status(500), status(500), status(500), ok]);
    await t.run();
    expect(t.timing.waits).toEqual([75, 150, 300]); // random 0.5: three quarters of 100, 200, 400
  });

  it('keeps backoff between half and all of the capped step', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffMs(1, policy, () => 0)).toBe(50);
    expect(backoffMs(1, policy, () => 1)).toBe(100);
    expect(backoffMs(10, policy, () => 0)).toBe(500);
    expect(backoffMs(10, policy, () => 1)).toBe(1000);
  });

  it('reads both Retry-After forms and ignores nonsense', () => {
    expect(retryAfterMs('0', 0)).toBe(0);
    expect(retryAfterMs(' 2 ', 0)).toBe(2000);
    expect(retryAfterMs('Thu, 01 Jan 1970 00:00:05 GMT', 1000)).toBe(4000);
    expect(retryAfterMs('Thu, 01 Jan 1970 00:00:05 GMT', 9000)).toBe(0);
    expect(retryAfterMs('soon', 0)).toBeUndefined();
    expect(retryAfterMs(null, 0)).toBeUndefined();
  });

  // Date.parse reads '-1' as a date in 2001 and '1.5' as 2001-01-05: each would mean "retry now".
  it.each([
    '1.5',
    '-5',
    '-1',
    '+3',
    '1e3',
    '0x10',
    '2026-01-01',
    'Thu, 01 Jan 1970 00:00:05 +0000',
    'Thursday, 01-Jan-70 00:00:05 GMT',
  ])('Retry-After %j is neither delta-seconds nor an IMF-fixdate: backoff applies', async (header) => {
    expect(retryAfterMs(header, Date.UTC(2026, 0, 1))).toBeUndefined();
    const t = setup({ baseDelayMs: 100 }, [
      status(429, { 'retry-after': header }),
      status(429, { 'retry-after': header }),
      ok,
    ]);
    await t.run();
    expect(t.timing.waits).toEqual([75, 150]);
  });

  it('retries network failures and then throws a NetworkError with the attempt count', async () => {
    const t = setup({ maxRetries: 2 }, [failed, failed, failed]);
    const error = await t.run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ attempts: 3, method: 'GET', url: URL_ });
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect(t.events).toHaveLength(2);
  });

  it('recovers from a network failure', async () => {
    const t = setup({}, [failed, ok]);
    expect((await t.run()).status).toBe(200);
  });

  it('retries a 2xx body shorter than its Content-Length (the connection cut it)', async () => {
    const cut = () =>
      new Response('{"conversations":[{"sid":"CH', {
        status: 200,
        headers: { 'content-type': 'application/json', 'content-length': '200' },
      });
    const t = setup({}, [cut, ok]);
    const response = await t.run();
    expect(await response.json()).toEqual({ conversations: [] });
    expect(t.events[0]!.reason).toMatch(/cut short/);
  });

  it("a JSON body led by a byte order mark parses, as it does when Node's fetch reads it whole", async () => {
    const bom = () =>
      new Response('\uFEFF{"conversations":[]}', { status: 200, headers: { 'content-type': 'application/json' } });
    const response = await setup({}, [bom]).run();
    expect(bodyOf(response)).toEqual({ kind: 'json', value: { conversations: [] }, size: 20 });
  });

  it('does not retry a complete body labelled JSON that is not JSON: it is handed on as such', async () => {
    const notJson = () =>
      new Response('<html>maintenance</html>', { status: 200, headers: { 'content-type': 'application/json' } });
    const t = setup({}, [notJson, ok]);
    const response = await t.run();
    expect(bodyOf(response)).toMatchObject({ kind: 'invalid-json', text: '<html>maintenance</html>' });
    expect(t.calls).toHaveLength(1);
  });

  it('retries a 2xx body whose stream fails part-way', async () => {
    const broken = () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"conversations":'));
            controller.error(new TypeError('terminated'));
          },
        }),
        { status: 200, headers: { 'content-type': 'application/json' } },
      );
    const t = setup({}, [broken, ok]);
    expect((await t.run()).status).toBe(200);
    expect(t.calls).toHaveLength(2);
  });

  it('times out an attempt that hangs, retries it, then throws a TimeoutError', async () => {
    const hang = () => new Promise<Response>(() => {});
    const t = setup({ timeoutMs: 20, maxRetries: 1 }, [hang, hang]);
    const error = await t.run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 20, attempts: 2 });
    expect(t.calls).toHaveLength(2);
  });

  it('cancels the request in flight when the caller aborts, and does not retry', async () => {
    const controller = new AbortController();
    let seenSignal: AbortSignal | undefined;
    let sent!: () => void;
    const inFlight = new Promise<void>((resolve) => (sent = resolve));
    const hang = () => {
      sent();
      return new Promise<Response>(() => {});
    };
    const t = setup({}, [hang, ok], controller.signal);
    const pending = t.run().catch((e: unknown) => e);
    await inFlight; // the first attempt has reached fetch
    seenSignal = t.calls[0]!.signal;
    controller.abort(new Error('user gave up'));
    const error = await pending;
    expect((error as Error).message).toBe('user gave up');
    expect(seenSignal.aborted).toBe(true);
    expect(t.calls).toHaveLength(1);
  });

  it('cancels a retry wait at once when the caller aborts (real timers)', async () => {
    const controller = new AbortController();
    const script = scripted(status(503, { 'retry-after': '60' }), ok);
    const asked: number[] = [];
    const run = createRetryingFetch({
      fetch: script.fetch,
      policy: DEFAULT_RETRY_POLICY,
      // The real sleep, with the caller aborting the moment the 60 s wait has begun.
      timing: {
        ...realTiming,
        sleep: (ms, signal) => {
          asked.push(ms);
          const waiting = realTiming.sleep(ms, signal);
          controller.abort(new Error('stop waiting'));
          return waiting;
        },
      },
      signal: controller.signal,
      scrub: (t) => t,
    });
    const pending = run(new Request(URL_)).catch((e: unknown) => e);
    // Were the wait not cut short, this would take 60 s and fail on jest's timeout.
    expect(((await pending) as Error).message).toBe('stop waiting');
    expect(asked).toEqual([30_000]); // Retry-After 60, clamped to maxDelayMs
    expect(script.calls).toHaveLength(1);
  });

  it('does not start when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort(new Error('already'));
    const t = setup({}, [ok], controller.signal);
    await expect(t.run()).rejects.toThrow('already');
    expect(t.calls).toHaveLength(0);
  });

  describe('every body it returns is read inside the attempt', () => {
    // A body that sends one byte and then nothing more, ever: only the timer or the signal can end it.
    const dripping = (code: number, stalled?: () => void) => () =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{'));
          },
          // Asked for more after the first byte: the reader is now waiting on a body that never ends.
          pull() {
            stalled?.();
          },
        }),
        { status: code, headers: { 'content-type': 'application/json' } },
      );

    it.each([404, 400, 200])('times out an HTTP %i whose body never ends', async (code) => {
      const t = setup({ timeoutMs: 30, maxRetries: 0 }, [dripping(code)]);
      const error = await t.run().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TimeoutError);
    });

    it('times out the last retryable answer when its body never ends', async () => {
      const t = setup({ timeoutMs: 30, maxRetries: 1 }, [status(503), dripping(503)]);
      const error = await t.run().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TimeoutError);
      expect(t.calls).toHaveLength(2);
    });

    it('lets the caller abort while an error body drips, with the timeout far away', async () => {
      const controller = new AbortController();
      const stalled = () => controller.abort(new Error('user gave up'));
      const t = setup({ timeoutMs: 60_000, maxRetries: 0 }, [dripping(404, stalled)], controller.signal);
      const pending = t.run().catch((e: unknown) => e);
      expect(((await pending) as Error).message).toBe('user gave up');
    });

    it('stops a 2xx body at maxResponseBytes, while it arrives, and does not retry', async () => {
      let pulled = 0;
      const endless = () =>
        new Response(
          new ReadableStream({
            pull(controller) {
              pulled += 1024;
              controller.enqueue(new Uint8Array(1024).fill(32));
            },
          }),
          { status: 200, headers: { 'content-type': 'application/json' } },
        );
      const timing = fakeTiming();
      const script = scripted(endless, ok);
      const run = createRetryingFetch({
        fetch: script.fetch,
        policy: { ...DEFAULT_RETRY_POLICY, timeoutMs: 5000 },
        timing,
        scrub: (t) => t,
        maxResponseBytes: 64 * 1024,
      });
      const error = await run(new Request(URL_)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResponseTooLargeError);
      expect(error).toMatchObject({ maxResponseBytes: 65536, url: URL_ });
      expect((error as Error).message).toContain('maxResponseBytes (65536 bytes)');
      expect(pulled).toBeLessThan(80 * 1024);
      expect(script.calls).toHaveLength(1);
    });

    it('refuses a 2xx body whose Content-Length is over the cap without reading it', async () => {
      let pulls = 0;
      const stream = new ReadableStream({
        pull(controller) {
          pulls++;
          controller.enqueue(new TextEncoder().encode('{}'));
          controller.close();
        },
      });
      const big = () =>
        new Response(stream, {
          status: 200,
          headers: { 'content-type': 'application/json', 'content-length': String(10 * 1024 * 1024) },
        });
      const script = scripted(big);
      const run = createRetryingFetch({
        fetch: script.fetch,
        policy: DEFAULT_RETRY_POLICY,
        timing: fakeTiming(),
        scrub: (x) => x,
        maxResponseBytes: 1024,
      });
      await expect(run(new Request(URL_))).rejects.toBeInstanceOf(ResponseTooLargeError);
      expect(pulls).toBeLessThanOrEqual(1); // a stream may be asked once as it starts; nothing is read past that
      expect(script.calls).toHaveLength(1);
    });

    it('keeps only the first 64 KiB of an endless error body', async () => {
      const endlessError = () =>
        new Response(
          new ReadableStream({
            pull(controller) {
              controller.enqueue(new TextEncoder().encode('x'.repeat(4096)));
            },
          }),
          { status: 404, headers: { 'content-type': 'text/html' } },
        );
      const t = setup({ maxRetries: 0 }, [endlessError]);
      const response = await t.run();
      const body = bodyOf(response);
      expect(body).toMatchObject({ kind: 'text', truncated: true });
      expect((body as { text: string }).text).toHaveLength(64 * 1024);
    });
  });

  it('removes secrets from a failure message', async () => {
    const leaky = () => Promise.reject(new Error('proxy said: Authorization: Basic sekret'));
    const t = setup({ maxRetries: 0 }, [leaky]);
    const error = (await t.run().catch((e: unknown) => e)) as NetworkError;
    expect(error.message).not.toContain('sekret');
    expect(String((error.cause as Error).message)).not.toContain('sekret');
  });

  it('names the request URL scrubbed in every event and error, an oversized body and a failure included', async () => {
    const leakyUrl = `${URL_}?PageToken=sekret`;
    const oversized = () =>
      new Response('x'.repeat(2048), { status: 200, headers: { 'content-type': 'application/json' } });
    const seen: unknown[] = [];
    const make = (...steps: Step[]) =>
      createRetryingFetch({
        fetch: scripted(...steps).fetch,
        policy: { ...DEFAULT_RETRY_POLICY, maxRetries: 1 },
        timing: fakeTiming(),
        onRetry: (e) => seen.push(e),
        onEvent: (e) => seen.push(e),
        scrub: (t) => t.split('sekret').join('[REDACTED]'),
        maxResponseBytes: 1024,
      });
    const tooLarge = await make(status(503), oversized)(leakyUrl, { method: 'GET' }).catch((e: unknown) => e);
    expect(tooLarge).toBeInstanceOf(ResponseTooLargeError);
    const failure = await make(failed, failed)(leakyUrl, { method: 'GET' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(NetworkError);
    // 2 x (request + response or failure) and a retry event per run.
    expect(seen).toHaveLength(10);
    for (const named of [...seen, tooLarge, failure]) {
      expect((named as { url: string }).url).toBe(`${URL_}?PageToken=[REDACTED]`);
    }
    expect((failure as Error).message).not.toContain('sekret');
  });
});
