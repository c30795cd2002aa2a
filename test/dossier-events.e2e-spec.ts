import { createParser } from 'eventsource-parser';
import request from 'supertest';
import { mintToken, type Principal } from '@app/platform';
import { startTestApp, type TestApp } from './support/test-app';

interface Listener {
  events: { event: string | undefined; data: string }[];
  ready: Promise<void>;
  close(): void;
}

/** Reads /dossier-events as the console does: fetch with the Authorization header, parsed as server-sent events. */
async function listen(baseUrl: string, token: string): Promise<Listener> {
  const abort = new AbortController();
  const res = await fetch(`${baseUrl}/dossier-events`, { headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' }, signal: abort.signal });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const events: Listener['events'] = [];
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => (onReady = r));
  const parser = createParser({
    onEvent: (e) => {
      events.push({ event: e.event, data: e.data });
      if (e.event === 'ready') onReady();
    },
  });
  void (async () => {
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      parser.feed(value!);
    }
  })();
  return { events, ready, close: () => abort.abort() };
}

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('GET /dossier-events (server-sent events for the console)', () => {
  let t: TestApp;
  const token = (p: Principal) => mintToken(p, t.config.JWT_SECRET);

  beforeAll(async () => {
    t = await startTestApp({ DEMO_DATA: 'false' });
  });
  afterAll(() => t.close());

  it('needs a bearer token, and takes none from the URL', async () => {
    expect((await request(t.baseUrl).get('/dossier-events')).status).toBe(401);
    const inUrl = token({ id: 'v', role: 'verifying_officer', unit: '24' });
    expect((await request(t.baseUrl).get(`/dossier-events?access_token=${inUrl}`)).status).toBe(401);
  });

  it('announces a change once the read model holds it, only to listeners whose jurisdiction covers the dossier', async () => {
    const bacNinh = await listen(t.baseUrl, token({ id: 'v-24', role: 'verifying_officer', unit: '24' }));
    const haNoi = await listen(t.baseUrl, token({ id: 'v-01', role: 'verifying_officer', unit: '01' }));
    const auditor = await listen(t.baseUrl, token({ id: 'a', role: 'auditor', unit: '01' }));
    try {
      await Promise.all([bacNinh.ready, haNoi.ready, auditor.ready]);
      const commune = token({ id: 'c-07330', role: 'commune_officer', unit: '07330' });
      const registered = await request(t.baseUrl).post('/dossiers').set('Authorization', `Bearer ${commune}`).set('Idempotency-Key', 'sse-test-register-1').send({ communeCode: '07330', level: 'standard', targetYear: 2030 });
      expect(registered.status).toBe(201);
      const id = registered.body.dossierId as string;
      const changes = (l: Listener) => l.events.filter((e) => e.event === 'dossier').map((e) => JSON.parse(e.data));
      await until(() => changes(bacNinh).length > 0 && changes(auditor).length > 0);
      expect(changes(bacNinh)).toEqual([{ dossierId: id, communeCode: '07330', type: 'DossierRegistered', revision: 0, status: 'drafting', occurredAt: expect.any(String) }]);
      expect(changes(auditor).map((c) => c.dossierId)).toEqual([id]);
      // The read model already lists it when the change is announced, so a refetch sees it.
      const list = await request(t.baseUrl).get('/dossiers?unit=07330').set('Authorization', `Bearer ${commune}`);
      expect(list.body.items.map((d: { dossierId: string }) => d.dossierId)).toEqual([id]);
      // Every listener is written to in the same pass, so Hà Nội would have it by now.
      expect(changes(haNoi)).toEqual([]);
    } finally {
      for (const l of [bacNinh, haNoi, auditor]) l.close();
    }
  });
});
