import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import type autocannon from 'autocannon';

/**
 * A paced, open-loop load generator: requests go out at fixed times whatever the answers to the earlier ones, with as
 * many in flight as that takes, and each latency runs from the time its request was due. autocannon is closed-loop
 * (a connection sends its next request when its last one is answered, and `overallRate` releases each connection's
 * requests in bursts), so under it a slow answer delays the requests behind it and their wait is never measured.
 * It takes the same autocannon-shaped requests, so a mix written for autocannon runs here unchanged.
 */

type Req = autocannon.Request;

/** The i-th request of a constant-rate schedule is due at t0 + i / rate, whatever happened to the ones before it. */
export class PacedSchedule {
  /** Requests due inside the window [t0, t0 + duration). */
  readonly total: number;
  private next = 0;

  constructor(
    readonly t0: number,
    readonly perSecond: number,
    durationS: number,
  ) {
    if (!(perSecond > 0 && Number.isFinite(perSecond))) throw new RangeError(`rate must be a positive number, got ${perSecond}`);
    if (!(durationS > 0)) throw new RangeError(`duration must be positive, got ${durationS}`);
    // The epsilon keeps a whole product (6 s × 200/s) from gaining a request to floating-point noise.
    this.total = Math.ceil(durationS * perSecond - 1e-9);
  }

  /** When request i is due, in the clock t0 was taken from (ms). */
  dueAt(i: number): number {
    return this.t0 + (i * 1000) / this.perSecond;
  }

  /** The requests due by `now` that were not handed out yet, as [from, to): each request is handed out once, in order. */
  take(now: number): { from: number; to: number } {
    const from = this.next;
    while (this.next < this.total && this.dueAt(this.next) <= now) this.next++;
    return { from, to: this.next };
  }

  /** When the next request not handed out yet is due; undefined once all were. */
  nextDue(): number | undefined {
    return this.next < this.total ? this.dueAt(this.next) : undefined;
  }
}

/** How far behind its schedule the generator sent: a lagging generator shows here rather than as a lower rate. */
export class ScheduleLag {
  sent = 0;
  behind = 0;
  maxMs = 0;

  constructor(readonly thresholdMs: number) {}

  record(dueAt: number, sentAt: number): void {
    const lag = sentAt - dueAt;
    this.sent++;
    if (lag > this.thresholdMs) this.behind++;
    if (lag > this.maxMs) this.maxMs = lag;
  }
}

/**
 * A virtual client of the mix: it walks the request list in order like one autocannon connection, one request at a
 * time (a criteria revision goes to the dossier its registration made), with its own context, reset at each new
 * cycle as autocannon resets a connection's.
 */
export interface Session {
  ctx: { t0?: number };
  step: number;
  cycles: number;
}

/** Idle sessions are reused oldest first; a new one starts only when every session is waiting for an answer. */
export class SessionPool {
  private idle: Session[] = [];
  created = 0;

  acquire(): Session {
    const s = this.idle.shift();
    if (s) return s;
    this.created++;
    return { ctx: {}, step: 0, cycles: 0 };
  }

  release(s: Session): void {
    this.idle.push(s);
  }
}

export interface Outgoing {
  req: Req;
  ctx: { t0?: number };
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body?: string | Buffer;
}

/**
 * The session's next request, built as autocannon builds it (`setupRequest` with the session's context; a falsy
 * result restarts the cycle with a fresh context), then stamped with its due time as `ctx.t0`: the mix's accounting
 * measures from `ctx.t0`, so its latencies run from the schedule, not from when the request left.
 */
export function nextRequest(requests: readonly Req[], s: Session, dueAt: number): Outgoing {
  for (let attempt = 0; attempt < 2; attempt++) {
    if (s.step === 0 && s.cycles++ > 0) s.ctx = {};
    const req = requests[s.step];
    s.step = (s.step + 1) % requests.length;
    if (typeof req.setupRequest === 'string' || typeof req.onResponse === 'string') throw new Error('requests given as file paths (autocannon workers) are not supported');
    const built = req.setupRequest ? req.setupRequest({ ...req }, s.ctx) : req;
    if (built) {
      s.ctx.t0 = dueAt;
      return { req, ctx: s.ctx, method: built.method ?? 'GET', path: built.path ?? '/', headers: { ...built.headers }, body: built.body };
    }
    s.step = 0;
  }
  throw new Error('the first request of the cycle did not build');
}

export interface OpenLoopOptions {
  baseUrl: string;
  perSecond: number;
  durationS: number;
  requests: readonly Req[];
  /** Sends later than this after their due time count as behind schedule. */
  behindMs?: number;
  maxSockets?: number;
  /** A request unanswered this long is abandoned and counted as failed. */
  timeoutMs?: number;
}

export interface OpenLoopResult {
  perSecond: number;
  durationS: number;
  scheduled: number;
  answered: number;
  /** No answer: connection error or timeout (the mix's accounting never saw them). */
  failed: number;
  firstFailure?: string;
  behind: { thresholdMs: number; count: number; maxLagMs: number };
  maxInFlight: number;
  sessions: number;
  /** From the first due time to the end of the last answer (at least the window). */
  elapsedS: number;
}

export const BEHIND_MS = 5;

export function runOpenLoop(o: OpenLoopOptions): Promise<OpenLoopResult> {
  const url = new URL(o.baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: o.maxSockets ?? 256 });
  const timeoutMs = o.timeoutMs ?? 10_000;
  const sessions = new SessionPool();
  const lag = new ScheduleLag(o.behindMs ?? BEHIND_MS);
  const schedule = new PacedSchedule(performance.now(), o.perSecond, o.durationS);
  let inFlight = 0;
  let maxInFlight = 0;
  let answered = 0;
  let failed = 0;
  let firstFailure: string | undefined;
  let lastEnd = schedule.t0;
  let allSent = false;

  return new Promise((resolve, reject) => {
    const finishIfDone = () => {
      if (!allSent || inFlight > 0) return;
      agent.destroy();
      resolve({
        perSecond: o.perSecond,
        durationS: o.durationS,
        scheduled: schedule.total,
        answered,
        failed,
        firstFailure,
        behind: { thresholdMs: lag.thresholdMs, count: lag.behind, maxLagMs: lag.maxMs },
        maxInFlight,
        sessions: sessions.created,
        elapsedS: Math.max(o.durationS, (lastEnd - schedule.t0) / 1000),
      });
    };

    const send = (dueAt: number) => {
      const session = sessions.acquire();
      const out = nextRequest(o.requests, session, dueAt);
      const headers = { ...out.headers };
      if (out.body !== undefined) headers['content-length'] = String(Buffer.byteLength(out.body));
      let settled = false;
      const settle = (failure?: string) => {
        if (settled) return false;
        settled = true;
        inFlight--;
        lastEnd = Math.max(lastEnd, performance.now());
        if (failure !== undefined) {
          failed++;
          firstFailure ??= `${out.method} ${out.path}: ${failure}`;
        } else answered++;
        sessions.release(session);
        return true;
      };
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      lag.record(dueAt, performance.now());
      const req = httpRequest({ agent, hostname: url.hostname, port: url.port, method: out.method, path: out.path, headers, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err) => settle(err.message) && finishIfDone());
        res.on('end', () => {
          try {
            // The mix records the latency here, from ctx.t0, the due time.
            if (typeof out.req.onResponse === 'function') out.req.onResponse(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'), out.ctx, res.headers);
          } finally {
            if (settle()) finishIfDone();
          }
        });
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', (err) => settle(err.message) && finishIfDone());
      req.end(out.body);
    };

    const tick = () => {
      try {
        const { from, to } = schedule.take(performance.now());
        for (let i = from; i < to; i++) send(schedule.dueAt(i));
        const next = schedule.nextDue();
        if (next === undefined) {
          allSent = true;
          finishIfDone();
          return;
        }
        setTimeout(tick, Math.max(1, Math.ceil(next - performance.now())));
      } catch (err) {
        agent.destroy();
        reject(err);
      }
    };
    tick();
  });
}
