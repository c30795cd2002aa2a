import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { drain } from './process-lifecycle';

/** One GET over the given agent: its status and Connection header, or the error that ended it. */
function get(port: number, path: string, agent: Agent): Promise<{ status: number; connection?: string } | { error: string }> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent }, (res: IncomingMessage) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    req.end();
  });
}

describe('drain (the first step of a signal shutdown)', () => {
  let server: Server;
  let port: number;
  let releaseSlow: () => void;
  let slowArrived: Promise<void>;

  beforeEach(async () => {
    let arrived!: () => void;
    slowArrived = new Promise((r) => (arrived = r));
    server = createServer((req, res: ServerResponse) => {
      if (req.url === '/slow') {
        arrived();
        releaseSlow = () => res.end('slow');
        return;
      }
      res.end('ping');
    });
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as AddressInfo).port;
  });
  afterEach(() => {
    server.closeAllConnections();
    server.close();
  });

  it('a kept-alive connection busy when the signal came is not left open for a prober to reuse', async () => {
    // One socket for everything, as a prober's keep-alive pool reuses the connection of earlier requests.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    expect(await get(port, '/ping', agent)).toMatchObject({ status: 200 });
    const slow = get(port, '/slow', agent);
    await slowArrived;
    // The signal comes while the socket is answering: it is not idle, so `server.close()` alone leaves it open.
    const drained = drain(server, 20);
    releaseSlow();
    expect(await slow).toMatchObject({ status: 200 });
    // Probe on: without the fix every probe is answered on the old socket until its keep-alive timeout (30 s here).
    const answered: Array<{ status: number; connection?: string }> = [];
    for (let i = 0; i < 200; i++) {
      const r = await get(port, '/ping', agent);
      if ('error' in r) break;
      answered.push(r);
      if (answered.length > 2) break;
    }
    // At most one answer may still come on the old socket (a probe racing the sweep), and it says it is the last.
    expect(answered.length).toBeLessThanOrEqual(1);
    for (const a of answered) expect(a.connection).toBe('close');
    // Once that socket is gone the listener refuses: a new connection gets ECONNREFUSED.
    expect(await get(port, '/ping', new Agent({ keepAlive: false }))).toEqual({ error: 'ECONNREFUSED' });
    await drained;
    agent.destroy();
  });

  it('answers the request in flight before it resolves', async () => {
    const agent = new Agent({ keepAlive: true });
    const slow = get(port, '/slow', agent);
    await slowArrived;
    let done = false;
    const drained = drain(server, 20).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(done).toBe(false);
    releaseSlow();
    expect(await slow).toMatchObject({ status: 200 });
    await drained;
    expect(done).toBe(true);
    agent.destroy();
  });
});
