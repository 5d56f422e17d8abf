import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Conversation } from '../client/types';
import { RequestValidationError } from '../client/errors';
import { createParamEncoder, type ListParams } from '../client/params';
import { deref, LIST_PATH_PATTERN, listParameters, listPath } from '../schema/spec';
import { createSpecValidators } from '../schema/validate';
import { planFor, type FaultKind, type FaultRates, type Latency } from './faults';
import { createCatalog, listingKey, renderPage, type Filters, type PageRequest } from './listing';
import { createTokens } from './tokens';

/** One request the simulator answered (the last 1,000 are kept). */
/** One request the simulator received. */
export interface SimulatorRequest {
  /** 0 for the first request since it started, then counting up. */
  index: number;
  /** The HTTP method. */
  method: string;
  /** Path and query, exactly as received. */
  url: string;
  /** The status answered; 0 while unanswered, or when the connection was reset. */
  status: number;
  /** The fault chosen for it, if any. */
  fault: FaultKind | undefined;
  /** The Twilio-Request-Id it was answered with. */
  requestId: string;
}

export interface ServerParts {
  seed: number;
  port: number;
  accountSid: string;
  /** Accepted Basic credentials: user (Account SID or API key SID) to secret. */
  credentials: Map<string, string>;
  /** Conversations per service, made once the origin is known (their URLs name it). */
  data: (origin: string) => Map<string, Conversation[]>;
  faults: FaultRates;
  latency: Latency | undefined;
  /** How long a `slow` fault holds the answer back. */
  slowMs: number;
  /** Requests answered at once; one more is refused with a 429, as Twilio limits concurrent requests. */
  maxConcurrent?: number | undefined;
  hooks?: SimulatorHooks | undefined;
  /** How the server guards itself against slow, idle or hostile clients (see ServerLimits). */
  limits?: Partial<ServerLimits> | undefined;
}

/**
 * What a client may cost the simulator, so that one slow, half-open or hostile client can neither
 * crash it nor hold it up for the others.
 */
export interface ServerLimits {
  /** A request's headers must be in within this many ms, or the socket is closed (slow loris). */
  headersTimeoutMs: number;
  /** A whole request must be in within this many ms. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this many ms. */
  keepAliveTimeoutMs: number;
  /** Connections open at once; one more is closed at once. */
  maxConnections: number;
  /** The request line and headers, in bytes; past it the answer is 431. */
  maxHeaderBytes: number;
}

/** The limits the simulator applies unless `limits` says otherwise. */
export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 256,
  maxHeaderBytes: 16 * 1024,
};

/**
 * For tests that need an exact script rather than rates: rewrite a page before it is sent, or
 * choose what happens to the n-th request (a fault kind, any status with an optional Retry-After,
 * or a delay before the normal answer).
 */
export interface SimulatorHooks {
  /**
   * Called with each page body before it is sent, with the request's index, the page number and
   * whether filters applied; what it returns is sent instead (the body may be changed in place).
   */
  page?: (body: Record<string, any>, info: { index: number; page: number; filtered: boolean }) => unknown;
  /** Called with each request's index; what it returns happens to that request (undefined: a normal answer). */
  fault?: (index: number) =>
    | FaultKind
    | {
        /** Answer with this status and Twilio's error body. */
        status: number;
        /** The Retry-After header to send with it. */
        retryAfter?: string;
      }
    | {
        /** Wait this long, then answer normally. */
        delayMs: number;
      }
    | undefined;
  /**
   * Called once a request's exchange is over, answered or not: its log entry's `status` is 0 when
   * the client left before the answer was sent. Lets a test wait for cancellations as an event.
   */
  closed?: (request: SimulatorRequest) => void;
}

const KEEP_REQUESTS = 1000;
const DEFAULT_PAGE_SIZE = deref<{ default?: number }>(listParameters().get('PageSize')?.schema).default ?? 50;

/** Starts the HTTP server on 127.0.0.1. */
export async function startServer(parts: ServerParts) {
  const encode = createParamEncoder(createSpecValidators());
  const tokens = createTokens(`simulator-${parts.seed}`);
  const requests: SimulatorRequest[] = [];
  let catalogs = new Map<string, ReturnType<typeof createCatalog>>();
  let origin = '';
  let counter = 0;
  let inFlight = 0;
  // Answers being held back (latency, `slow`, a scripted delay).
  const holds = new Set<ReturnType<typeof setTimeout>>();

  const limits = { ...DEFAULT_SERVER_LIMITS, ...parts.limits };
  const server = createServer(
    {
      maxHeaderSize: limits.maxHeaderBytes,
      // How often Node looks for requests past their timeouts (by default every 30 s).
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(limits.headersTimeoutMs / 3))),
    },
    (req, res) => {
      const index = counter++;
      const requestId = `RQ${index.toString(16).padStart(32, '0')}`;
      res.setHeader('Twilio-Request-Id', requestId);
      if (parts.maxConcurrent !== undefined && inFlight >= parts.maxConcurrent) {
        record(index, req, requestId, '429').status = 429;
        return send(res, 429, twilioError(429, 20429, `Too many concurrent requests (at most ${parts.maxConcurrent})`));
      }
      inFlight++;
      res.once('close', () => inFlight--);
      const plan = planFor(parts.seed, index, parts.faults, parts.latency);
      const scripted = parts.hooks?.fault ? parts.hooks.fault(index) : plan.fault;
      const fault = typeof scripted === 'object' ? undefined : scripted;
      const status = typeof scripted === 'object' && 'status' in scripted ? scripted : undefined;
      // Logged as it arrives (a delayed request is visible at once); the status is filled in when answered.
      const entry = record(index, req, requestId, fault);
      if (parts.hooks?.closed) res.once('close', () => parts.hooks?.closed?.(entry));
      const log = (status: number) => {
        entry.status = status;
      };
      const extra = typeof scripted === 'object' && 'delayMs' in scripted ? scripted.delayMs : 0;
      const delay = plan.delayMs + extra + (fault === 'slow' ? parts.slowMs : 0);
      const go = () => (status ? answerStatus(res, status, log) : answer(req, res, index, fault, log));
      if (delay > 0) {
        // A client that leaves, or close(), ends the wait: no timer outlives its answer.
        const timer = setTimeout(() => {
          holds.delete(timer);
          go();
        }, delay);
        holds.add(timer);
        res.once('close', () => {
          clearTimeout(timer);
          holds.delete(timer);
        });
      } else go();
    },
  );

  function record(index: number, req: IncomingMessage, requestId: string, fault: FaultKind | undefined) {
    const entry: SimulatorRequest = {
      index,
      method: req.method ?? 'GET',
      url: req.url ?? '',
      status: 0,
      fault,
      requestId,
    };
    if (requests.length >= KEEP_REQUESTS) requests.shift();
    requests.push(entry);
    return entry;
  }

  function answerStatus(
    res: ServerResponse,
    scripted: { status: number; retryAfter?: string },
    log: (s: number) => void,
  ) {
    if (res.destroyed) return;
    if (scripted.retryAfter !== undefined) res.setHeader('Retry-After', scripted.retryAfter);
    log(scripted.status);
    send(res, scripted.status, twilioError(scripted.status, 20000 + scripted.status, 'Scripted failure'));
  }

  function answer(
    req: IncomingMessage,
    res: ServerResponse,
    index: number,
    fault: FaultKind | undefined,
    log: (s: number) => void,
  ) {
    if (res.destroyed) return;
    if (fault === 'reset') {
      log(0);
      return void req.socket.destroy();
    }
    if (fault === '429' || fault === '500' || fault === '503') {
      const status = Number(fault);
      if (status === 429) res.setHeader('Retry-After', '1');
      log(status);
      return send(
        res,
        status,
        twilioError(
          status,
          status === 429 ? 20429 : status === 500 ? 20500 : 20503,
          status === 429 ? 'Too Many Requests' : status === 500 ? 'Internal Server Error' : 'Service Unavailable',
        ),
      );
    }
    const { status, body, filtered } = respond(req);
    const sent =
      status === 200 && parts.hooks?.page
        ? parts.hooks.page(structuredClone(body) as Record<string, any>, {
            index,
            page: (body as { meta: { page: number } }).meta.page,
            filtered,
          })
        : body;
    log(status);
    send(res, status, sent, fault === 'truncate');
  }

  function respond(req: IncomingMessage): { status: number; body: unknown; filtered: boolean } {
    const no = (status: number, code: number, message: string) => ({
      status,
      body: twilioError(status, code, message),
      filtered: false,
    });
    if (!authorized(req.headers.authorization)) return no(401, 20003, 'Authenticate');
    const [path = '', rawQuery = ''] = (req.url ?? '').split('?', 2);
    const match = LIST_PATH_PATTERN.exec(path);
    if (!match || path !== listPath(match[1]!)) return no(404, 20404, `The requested resource ${path} was not found`);
    if (req.method !== 'GET') return no(405, 20004, `Method ${req.method} is not allowed on ${path}`);
    const serviceSid = decodeURIComponent(match[1]!);
    const catalog = catalogs.get(serviceSid);
    if (!catalog) return no(404, 20404, `The requested resource ${path} was not found`);
    const parsed = parseQuery(serviceSid, rawQuery);
    if ('error' in parsed) return no(400, 20001, parsed.error);
    const request = parsed.request;
    const view = catalog.view(request.filters);
    if (parsed.token !== undefined) {
      const offset = tokens.read(listingKey(request), parsed.token);
      if (offset === undefined)
        return no(
          400,
          20001,
          `Invalid PageToken ${JSON.stringify(parsed.token)}: send the next_page_url back byte for byte`,
        );
      request.offset = offset;
    }
    return { status: 200, body: renderPage(view, request, tokens), filtered: request.filters.raw !== '' };
  }

  // The query is read as Twilio reads it: values decoded for checking against the spec's parameter
  // schemas, except PageToken, which is matched byte for byte. Unknown parameters are ignored.
  function parseQuery(
    serviceSid: string,
    rawQuery: string,
  ): { request: PageRequest; token: string | undefined } | { error: string } {
    const raw = new Map<string, string>();
    for (const pair of rawQuery.split('&')) {
      if (!pair) continue;
      const eq = pair.indexOf('=');
      raw.set(eq === -1 ? pair : pair.slice(0, eq), eq === -1 ? '' : pair.slice(eq + 1));
    }
    const decoded = (name: string) => {
      const value = raw.get(name);
      if (value === undefined) return undefined;
      try {
        return decodeURIComponent(value.replace(/\+/g, ' '));
      } catch {
        return value;
      }
    };
    const whole = (name: string) => {
      const value = decoded(name);
      return value !== undefined && /^\d+$/.test(value) ? Number(value) : value;
    };
    const params = {
      chatServiceSid: serviceSid,
      pageSize: whole('PageSize'),
      page: whole('Page'),
      state: decoded('State'),
      startDate: decoded('StartDate'),
      endDate: decoded('EndDate'),
    } as unknown as ListParams;
    let wire;
    try {
      wire = encode(params).query;
    } catch (error) {
      if (error instanceof RequestValidationError) return { error: `Invalid ${error.parameter}: ${error.rule}` };
      throw error;
    }
    const filterNames = ['State', 'StartDate', 'EndDate'].filter((n) => raw.has(n));
    const filters: Filters = {
      state: wire.State,
      start: wire.StartDate === undefined ? undefined : Date.parse(wire.StartDate),
      end: wire.EndDate === undefined ? undefined : Date.parse(wire.EndDate),
      raw: filterNames.map((n) => `${n}=${raw.get(n)}`).join('&'),
    };
    const pageSize = wire.PageSize ?? DEFAULT_PAGE_SIZE;
    const page = wire.Page;
    return {
      request: { origin, serviceSid, filters, pageSize, page, offset: (page ?? 0) * pageSize },
      token: raw.get('PageToken'),
    };
  }

  function authorized(header: string | undefined): boolean {
    const match = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header ?? '');
    if (!match) return false;
    const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon === -1) return false;
    const secret = parts.credentials.get(decoded.slice(0, colon));
    return secret !== undefined && secret === decoded.slice(colon + 1);
  }

  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  // A request line or headers that do not parse, or are too large: a plain 4xx, then the socket is
  // closed. Never a crash, and the other clients are not affected.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') return void socket.destroy();
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(parts.port, '127.0.0.1', resolve);
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  catalogs = new Map([...parts.data(origin)].map(([sid, list]) => [sid, createCatalog(list)]));

  return {
    url: origin,
    requests,
    catalogs,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of holds) clearTimeout(timer);
        holds.clear();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, status: number, body: unknown, truncate = false): void {
  const text = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(text.length) });
  if (!truncate) return void res.end(text);
  // Promise the whole body, send half, and drop the connection.
  res.write(text.subarray(0, Math.floor(text.length / 2)), () => res.socket?.destroy());
}

function twilioError(status: number, code: number, message: string) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}
