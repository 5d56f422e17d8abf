import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Conversation } from '../src';
import { FIXTURE_ACCOUNT_SID, FIXTURE_AUTH_TOKEN, FIXTURE_SERVICE_SID, makePage } from './fixtures';

/** What the server does to one request instead of answering it normally. */
export type Fault =
  | { kind: 'status'; status: 429 | 500 | 502 | 503 | 504; retryAfter?: string }
  | { kind: 'reset' }
  | { kind: 'truncate' }
  | { kind: 'delay'; ms: number };

export interface LoggedRequest {
  index: number;
  url: string;
  authorization: string | undefined;
  fault: Fault['kind'] | 'none';
}

export interface FakeTwilioOptions {
  conversations: Conversation[];
  serviceSid?: string;
  accountSid?: string;
  authToken?: string;
  /** Decides, per request (0-based), whether to inject a fault. */
  fault?: (index: number) => Fault | undefined;
  /** Rewrites a page before it is sent (to plant contract violations); `filtered` is true when State or a date filter was asked for. */
  mutate?: (body: Record<string, any>, page: { index: number; filtered: boolean }) => unknown;
}

/**
 * A small Twilio-compatible server for one list, on 127.0.0.1: Basic auth, absolute next links
 * on its own origin, a Twilio-Request-Id on every answer, PageTokens holding `+`, `:` and `%2B`
 * that are matched byte for byte (a client that re-encodes them gets a 400), State and date
 * filters, and injectable faults. Prism cannot do any of this: it is stateless.
 */
export async function startFakeTwilio(options: FakeTwilioOptions) {
  const serviceSid = options.serviceSid ?? FIXTURE_SERVICE_SID;
  const expectedAuth = `Basic ${Buffer.from(`${options.accountSid ?? FIXTURE_ACCOUNT_SID}:${options.authToken ?? FIXTURE_AUTH_TOKEN}`).toString('base64')}`;
  const requests: LoggedRequest[] = [];
  const tokens = new Map<string, number>(); // raw token -> offset
  let origin = '';
  let counter = 0;

  const server = createServer((req, res) => {
    const index = requests.length;
    const fault = options.fault?.(index);
    requests.push({
      index,
      url: req.url ?? '',
      authorization: req.headers.authorization,
      fault: fault?.kind ?? 'none',
    });
    const requestId = `RQ${(++counter).toString(16).padStart(32, '0')}`;
    res.setHeader('Twilio-Request-Id', requestId);
    if (fault?.kind === 'reset') return void req.socket.destroy();
    if (fault?.kind === 'status') {
      if (fault.retryAfter !== undefined) res.setHeader('Retry-After', fault.retryAfter);
      return send(
        res,
        fault.status,
        twilioError(
          fault.status,
          fault.status === 429 ? 20429 : 20500,
          fault.status === 429 ? 'Too Many Requests' : 'Service unavailable',
        ),
      );
    }
    const answer = () => handle(req, res, fault?.kind === 'truncate');
    if (fault?.kind === 'delay') setTimeout(answer, fault.ms);
    else answer();
  });

  function handle(req: IncomingMessage, res: ServerResponse, truncate: boolean) {
    if (res.destroyed) return;
    if (req.headers.authorization !== expectedAuth) {
      return send(res, 401, {
        ...twilioError(401, 20003, 'Authenticate'),
        detail: 'Your AccountSid or AuthToken was incorrect.',
      });
    }
    const [path, rawQuery = ''] = (req.url ?? '').split('?', 2) as [string, string?];
    const match = /^\/v1\/Services\/([^/]+)\/Conversations$/.exec(path);
    if (!match) return send(res, 404, twilioError(404, 20404, `The requested resource ${path} was not found`));
    if (match[1] !== serviceSid)
      return send(res, 404, twilioError(404, 20404, `The requested resource ${path} was not found`));

    const query = rawPairs(rawQuery);
    const pageSize = query.PageSize === undefined ? 50 : Number(query.PageSize);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000)
      return send(res, 400, twilioError(400, 20001, 'Invalid PageSize'));
    let offset = 0;
    if (query.PageToken !== undefined) {
      const found = tokens.get(query.PageToken);
      if (found === undefined) return send(res, 400, twilioError(400, 20001, `Invalid PageToken ${query.PageToken}`));
      offset = found;
    }
    const items = filtered(query);
    const page = Math.floor(offset / pageSize);
    const filters = ['State', 'StartDate', 'EndDate']
      .filter((k) => query[k] !== undefined)
      .map((k) => `${k}=${query[k]}`);
    const base = [...filters, `PageSize=${pageSize}`].join('&');
    const linkTo = (at: number, p: number) => {
      if (at === 0) return `${base}&Page=${p}`;
      const token = `PT+${at}:z%2B=`; // plus, colon, an encoded plus and an equals sign
      tokens.set(token, at);
      return `${base}&Page=${p}&PageToken=${token}`;
    };
    const body = makePage({
      items: items.slice(offset, offset + pageSize),
      page,
      pageSize,
      origin,
      serviceSid,
      selfQuery: offset === 0 ? `${base}&Page=0` : `${base}&Page=${page}&PageToken=${query.PageToken}`,
      firstQuery: `${base}&Page=0`,
      nextQuery: offset + pageSize < items.length ? linkTo(offset + pageSize, page + 1) : null,
      previousQuery: offset > 0 ? linkTo(Math.max(0, offset - pageSize), page - 1) : null,
    });
    send(
      res,
      200,
      options.mutate ? options.mutate(structuredClone(body), { index: page, filtered: filters.length > 0 }) : body,
      truncate,
    );
  }

  // One filtered list per filter combination, so that a page costs its own size, not the data set's.
  const filteredCache = new Map<string, Conversation[]>();
  function filtered(query: Record<string, string>): Conversation[] {
    const key = `${query.State}|${query.StartDate}|${query.EndDate}`;
    let list = filteredCache.get(key);
    if (!list) filteredCache.set(key, (list = filterNow(query)));
    return list;
  }

  function filterNow(query: Record<string, string>): Conversation[] {
    const start = query.StartDate ? Date.parse(decodeURIComponent(query.StartDate)) : -Infinity;
    const end = query.EndDate ? Date.parse(decodeURIComponent(query.EndDate)) : Infinity;
    return options.conversations.filter((c) => {
      if (query.State && c.state !== query.State) return false;
      const created = Date.parse(c.date_created ?? '');
      return created >= start && created <= end;
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: origin,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export type FakeTwilio = Awaited<ReturnType<typeof startFakeTwilio>>;

/** The environment a user would set to point the bin at this server (fixture credentials and service). */
export function fakeTwilioEnv(server: FakeTwilio, extra: Record<string, string> = {}): Record<string, string> {
  return {
    TWILIO_ACCOUNT_SID: FIXTURE_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: FIXTURE_AUTH_TOKEN,
    TWILIO_CHAT_SERVICE_SID: FIXTURE_SERVICE_SID,
    TWILIO_CONVERSATIONS_BASE_URL: server.url,
    ...extra,
  };
}

function send(res: ServerResponse, status: number, body: unknown, truncate = false) {
  const text = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(text.length) });
  if (!truncate) return void res.end(text);
  // Promise the whole body, send half, and drop the connection.
  res.write(text.subarray(0, Math.floor(text.length / 2)), () => res.socket?.destroy());
}

function twilioError(status: number, code: number, message: string) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

// Splits a query string without decoding anything, as a byte-exact token lookup needs.
function rawPairs(query: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    out[eq === -1 ? pair : pair.slice(0, eq)] = eq === -1 ? '' : pair.slice(eq + 1);
  }
  return out;
}
