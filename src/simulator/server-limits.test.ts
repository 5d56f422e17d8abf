import { connect, type Socket } from 'node:net';
import { startSimulator } from './index';

// The simulator as a server (#26 class 6): slow, half-open and hostile clients get a 4xx or a
// closed socket, never a crash, and never hold up the other clients. Every wait here is for an
// event (an answer, a socket closing); no test measures time.
const credentials = { accountSid: `AC${'0'.repeat(32)}`, authToken: 'sim-token-0123456789', conversations: 3 };

/** Opens a raw connection and resolves with everything the server sent once it closes the socket. */
function raw(url: string, send: string): { socket: Socket; answer: Promise<string> } {
  const { port } = new URL(url);
  const socket = connect(Number(port), '127.0.0.1');
  let text = '';
  socket.on('data', (chunk) => (text += chunk.toString()));
  socket.on('error', () => {});
  const answer = new Promise<string>((resolve) => socket.once('close', () => resolve(text)));
  socket.write(send);
  return { socket, answer };
}

describe('the simulator against hostile clients', () => {
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  const listUrl = () => `${sim.url}/v1/Services/${sim.serviceSid}/Conversations`;
  const ok = async () => {
    const response = await fetch(listUrl(), {
      headers: {
        Authorization: `Basic ${Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString('base64')}`,
      },
    });
    return response.status;
  };
  beforeAll(async () => {
    sim = await startSimulator({ ...credentials, limits: { headersTimeoutMs: 300, maxConnections: 20 } });
  });
  afterAll(() => sim.close());

  it('listens on 127.0.0.1 only', () => {
    expect(new URL(sim.url).hostname).toBe('127.0.0.1');
  });

  it('a malformed request line gets a 400 and a closed socket; the next client is served', async () => {
    const { answer } = raw(sim.url, 'GARBAGE \u0000\u0001 nonsense\r\n\r\n');
    expect(await answer).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    expect(await ok()).toBe(200);
  });

  it('oversized headers and an absurd query string get a 431', async () => {
    const big = raw(sim.url, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`);
    expect(await big.answer).toMatch(/^HTTP\/1\.1 431/);
    const query = raw(
      sim.url,
      `GET /v1/Services/IS1/Conversations?${'PageSize=1&'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
    );
    expect(await query.answer).toMatch(/^HTTP\/1\.1 431/);
    expect(await ok()).toBe(200);
  });

  it('a client that never finishes its headers (slow loris) does not hold up others, and is cut off', async () => {
    const slow = raw(sim.url, 'GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    expect(await ok()).toBe(200); // served while the slow client hangs
    await slow.answer; // the header timeout closes it
    expect(slow.socket.destroyed).toBe(true);
  }, 30_000);

  it('a half-open client (connects, sends nothing) does not hold up others', async () => {
    const idle = raw(sim.url, '');
    expect(await ok()).toBe(200);
    idle.socket.destroy();
  });

  it('connections past the cap are closed at once; the server serves again when they go', async () => {
    const capped = await startSimulator({ ...credentials, limits: { maxConnections: 3 } });
    try {
      const { port } = new URL(capped.url);
      const open = await Promise.all(
        [0, 1, 2].map(
          () =>
            new Promise<Socket>((resolve) => {
              const s = connect(Number(port), '127.0.0.1', () => resolve(s));
              s.on('error', () => {});
            }),
        ),
      );
      const extra = raw(capped.url, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      expect(await extra.answer).toBe(''); // closed without an answer
      for (const s of open) s.destroy();
      await Promise.all(
        open.map((s) => new Promise((resolve) => (s.closed ? resolve(null) : s.once('close', resolve)))),
      );
      // The server counts a connection gone a moment after the client does: try again on each close.
      let answer = '';
      for (let attempt = 0; attempt < 100 && !answer; attempt++)
        answer = await raw(capped.url, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n').answer;
      expect(answer).toMatch(/^HTTP\/1\.1 \d{3}/);
    } finally {
      await capped.close();
    }
  });
});
