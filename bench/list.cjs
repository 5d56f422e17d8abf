// One benchmark side, in its own process: lists every conversation of the bench server one way.
// It stays up and lists once for each line it reads on stdin, printing {wallMs, cpuMs, items, maxRssMb}
// as a JSON line after each, so a harness can warm it up and time listings in the loop; it exits when
// stdin ends. maxRssMb is the peak of the whole process so far (a fresh process measures one listing).
// Usage: node bench/list.cjs <side> <baseUrl> <pageSize> <total> [options as JSON]
// sides: raw | openapi-fetch | export-held | pages-off | pages-warn | pages-strict | items-off | items-warn | items-strict | twilio-list | twilio-each
// options: {"workMs": 5} awaits that long after each page (a consumer's own work, e.g. a database write);
// {"startDate", "endDate"} filter the listing (raw and pages sides); {"concurrency": 4} lists that many days at once;
// {"readAhead": 8} sets the pages sides' read-ahead (default: the client's, 1); {"order": "any"} the order of a listing by day.
'use strict';
const path = require('node:path');
const readline = require('node:readline');
const { setTimeout: sleep } = require('node:timers/promises');

const [side, baseUrl, pageSizeText, totalText, optionsText] = process.argv.slice(2);
const pageSize = Number(pageSizeText);
const total = Number(totalText);
const options = optionsText ? JSON.parse(optionsText) : {};
const workMs = options.workMs ?? 0;
const work = workMs > 0 ? () => sleep(workMs) : () => undefined;
const ACCOUNT = `AC${'0'.repeat(32)}`; // the bench server does not check credentials
const TOKEN = 'fixture-auth-token-0123456789';
const SERVICE = 'IS0123456789abcdef0123456789abcdef';
const AUTH = `Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`;

async function setup() {
  switch (side) {
    case 'raw':
      return async () => {
        // The baseline: a hand-written loop with fetch and res.json(), following next_page_url.
        const window = options.startDate
          ? `&StartDate=${encodeURIComponent(options.startDate)}&EndDate=${encodeURIComponent(options.endDate)}`
          : '';
        let url = `${baseUrl}/v1/Services/${SERVICE}/Conversations?PageSize=${pageSize}${window}`;
        let n = 0;
        while (url) {
          const res = await fetch(url, { headers: { Authorization: AUTH } });
          const body = await res.json();
          for (const c of body.conversations) if (c.sid) n++;
          await work();
          url = body.meta.next_page_url;
        }
        return n;
      };
    case 'openapi-fetch': {
      // The floor for any client built on openapi-fetch: its GET, following next links, nothing else.
      const createClient = require('openapi-fetch').default;
      const client = createClient({ baseUrl, headers: { Authorization: AUTH } });
      return async () => {
        let query = `PageSize=${pageSize}`;
        let n = 0;
        while (query !== null) {
          const q = query;
          const { data } = await client.GET('/v1/Services/{ChatServiceSid}/Conversations', {
            params: { path: { ChatServiceSid: SERVICE } },
            querySerializer: () => q,
          });
          for (const c of data.conversations) if (c.sid) n++;
          const next = data.meta.next_page_url;
          query = next ? next.slice(next.indexOf('?') + 1) : null;
        }
        return n;
      };
    }
    case 'export-held': {
      // An ordered export by day (concurrency 4, the default buffer) read slowly, counting the body
      // bytes the client holds: every answer's Content-Length as it arrives, less each page's as the
      // consumer takes it (a day's pages arrive and are taken in order; the day is the StartDate).
      // Needs a custom fetch to see the answers, so the bodies are read chunk by chunk here.
      const { createConversationsClient, DEFAULT_BUFFER_BYTES } = require(path.resolve(__dirname, '..'));
      const arrived = new Map();
      let held = 0;
      let peak = 0;
      let largest = 0;
      const client = createConversationsClient({
        accountSid: ACCOUNT,
        authToken: TOKEN,
        baseUrl,
        env: {},
        validation: 'off',
        fetch: async (request) => {
          const response = await fetch(request);
          const bytes = Number(response.headers.get('content-length'));
          const day = new URL(request.url).searchParams.get('StartDate').slice(0, 10);
          if (!arrived.has(day)) arrived.set(day, []);
          arrived.get(day).push(bytes);
          held += bytes;
          peak = Math.max(peak, held);
          largest = Math.max(largest, bytes);
          return response;
        },
      });
      const { startDate, endDate, concurrency } = options;
      return async () => {
        let n = 0;
        for await (const page of client.iteratePages({
          chatServiceSid: SERVICE,
          pageSize,
          startDate,
          endDate,
          concurrency,
        })) {
          held -= arrived.get(page.day).shift();
          for (const c of page.conversations) if (c.sid) n++;
          await work();
        }
        const bufferBytes = DEFAULT_BUFFER_BYTES;
        // The README's bound: the buffer, a page for each request under way, the read-ahead (1) of the day being read.
        extra = {
          heldPeakMb: peak / 2 ** 20,
          boundMb: (bufferBytes + (concurrency + 1) * largest) / 2 ** 20,
          bufferMb: bufferBytes / 2 ** 20,
        };
        return n;
      };
    }
    case 'pages-off':
    case 'pages-warn':
    case 'pages-strict':
    case 'items-off':
    case 'items-warn':
    case 'items-strict': {
      const { createConversationsClient } = require(path.resolve(__dirname, '..'));
      const client = createConversationsClient({
        accountSid: ACCOUNT,
        authToken: TOKEN,
        baseUrl,
        env: {},
        validation: side.split('-')[1],
      });
      if (side.startsWith('pages')) {
        const { startDate, endDate, concurrency, readAhead, order } = options;
        return async () => {
          let n = 0;
          for await (const page of client.iteratePages(
            {
              chatServiceSid: SERVICE,
              pageSize,
              startDate,
              endDate,
              concurrency,
              order,
            },
            { readAhead },
          )) {
            for (const c of page.conversations) if (c.sid) n++;
            await work();
          }
          return n;
        };
      }
      return async () => {
        let n = 0;
        for await (const c of client.iterateConversations({ chatServiceSid: SERVICE, pageSize })) if (c.sid) n++;
        return n;
      };
    }
    case 'twilio-list':
    case 'twilio-each': {
      const twilio = require('twilio');
      const RequestClient = require('twilio/lib/base/RequestClient');
      // The SDK always targets conversations.twilio.com; its httpClient option lets us send it here instead.
      class LocalRequestClient extends RequestClient {
        request(opts) {
          return super.request({ ...opts, uri: opts.uri.replace('https://conversations.twilio.com', baseUrl) });
        }
      }
      const client = twilio(ACCOUNT, TOKEN, { httpClient: new LocalRequestClient() });
      const conversations = client.conversations.v1.services(SERVICE).conversations;
      if (side === 'twilio-list') return async () => (await conversations.list({ pageSize, limit: total })).length;
      return () =>
        new Promise((resolve, reject) => {
          let n = 0;
          conversations.each({
            pageSize,
            limit: total,
            callback: (c) => void (c.sid && n++),
            done: (err) => (err ? reject(err) : resolve(n)),
          });
        });
    }
    default:
      throw new Error(`unknown side ${side}`);
  }
}

// What a side reports besides the timings (export-held: the bytes it held).
let extra = {};

async function timed(run) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const items = await run();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (items !== total) throw new Error(`${side} listed ${items} conversations, expected ${total}`);
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000, items, maxRssMb, ...extra };
}

(async () => {
  const run = await setup();
  // Node loads its fetch implementation on first use (~20-40 ms). Load it before the clock starts on
  // every side, so no side is charged for it and none is spared it by its own set-up.
  void globalThis.Request;
  void globalThis.fetch;
  // One listing at a time, in the order asked for: the harness waits for each answer before the next line.
  for await (const _line of readline.createInterface({ input: process.stdin })) {
    process.stdout.write(JSON.stringify(await timed(run)) + '\n');
  }
})().catch((error) => {
  process.stderr.write(`${side}: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
