import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FIXTURE_SERVICE_SID, makeConversation, makePage } from '../test-support/fixtures';

/**
 * A Twilio-compatible list server for benchmarks: every page is rendered to bytes before the
 * first request, so serving costs a lookup and a write and the client is what gets measured.
 */
export async function startBenchServer(options: { total: number; pageSizes: number[] }) {
  const pages = new Map<string, Buffer>();
  let origin = '';
  const server = createServer((req, res) => {
    const body = pages.get(req.url ?? '');
    if (!body) {
      res.writeHead(404, { 'Content-Type': 'application/json' });
      return void res.end(
        JSON.stringify({
          code: 20404,
          message: `no pre-rendered page for ${req.url}`,
          more_info: 'https://www.twilio.com/docs/errors/20404',
          status: 404,
        }),
      );
    }
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': String(body.length),
      'Twilio-Request-Id': 'RQ00000000000000000000000000000000',
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const list = `/v1/Services/${FIXTURE_SERVICE_SID}/Conversations`;
  // One conversation object per index, shared by every page size (they are only serialised).
  const items = Array.from({ length: options.total }, (_, i) => makeConversation(i, origin));
  for (const size of options.pageSizes) {
    const count = Math.ceil(options.total / size);
    const query = (p: number) => (p === 0 ? `PageSize=${size}` : `PageSize=${size}&Page=${p}&PageToken=PT${p * size}`);
    for (let p = 0; p < count; p++) {
      const body = makePage({
        items: items.slice(p * size, (p + 1) * size),
        page: p,
        pageSize: size,
        origin,
        serviceSid: FIXTURE_SERVICE_SID,
        selfQuery: query(p),
        firstQuery: query(0),
        nextQuery: p + 1 < count ? query(p + 1) : null,
        previousQuery: p > 0 ? query(p - 1) : null,
      });
      pages.set(`${list}?${query(p)}`, Buffer.from(JSON.stringify(body)));
    }
  }
  return {
    url: origin,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
