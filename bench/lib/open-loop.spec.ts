import type autocannon from 'autocannon';
import { nextRequest, PacedSchedule, ScheduleLag, SessionPool, type Session } from './open-loop';

describe('paced open-loop generator', () => {
  it('schedules requests at t0 + i / rate for the whole window', () => {
    const s = new PacedSchedule(1000, 200, 6);
    expect(s.total).toBe(1200);
    expect(s.dueAt(0)).toBe(1000);
    expect(s.dueAt(1)).toBe(1005);
    expect(s.dueAt(1199)).toBeCloseTo(6995, 9);
    // A rate that does not divide the window: every request due before its end, none after.
    const odd = new PacedSchedule(0, 210.3, 6);
    expect(odd.total).toBe(1262);
    expect(odd.dueAt(odd.total - 1)).toBeLessThan(6000);
    expect(odd.dueAt(odd.total)).toBeGreaterThanOrEqual(6000);
    expect(() => new PacedSchedule(0, 0, 6)).toThrow(RangeError);
    expect(() => new PacedSchedule(0, NaN, 6)).toThrow(RangeError);
  });

  it('hands out each due request once, in order, whenever the generator wakes', () => {
    const s = new PacedSchedule(0, 100, 0.1); // due at 0, 10, …, 90 ms
    expect(s.take(-1)).toEqual({ from: 0, to: 0 });
    expect(s.nextDue()).toBe(0);
    expect(s.take(0)).toEqual({ from: 0, to: 1 });
    expect(s.take(0)).toEqual({ from: 1, to: 1 });
    // Woken late: everything due meanwhile goes out at once, still on the schedule's times, not on the wake-up's.
    expect(s.take(35)).toEqual({ from: 1, to: 4 });
    expect(s.nextDue()).toBe(40);
    expect(s.take(1e9)).toEqual({ from: 4, to: 10 });
    expect(s.nextDue()).toBeUndefined();
    expect(s.take(2e9)).toEqual({ from: 10, to: 10 });
  });

  it('counts sends later than the threshold as behind schedule and keeps the worst lag', () => {
    const lag = new ScheduleLag(5);
    lag.record(100, 100.5);
    lag.record(110, 115); // exactly at the threshold is on time
    lag.record(120, 131);
    lag.record(130, 129); // early never counts
    expect(lag).toMatchObject({ sent: 4, behind: 1, maxMs: 11 });
  });

  it('reuses an idle session, oldest first, and starts a new one only when all are waiting', () => {
    const pool = new SessionPool();
    const a = pool.acquire();
    const b = pool.acquire();
    expect(a).not.toBe(b);
    expect(pool.created).toBe(2);
    pool.release(b);
    pool.release(a);
    expect(pool.acquire()).toBe(b);
    expect(pool.acquire()).toBe(a);
    pool.acquire();
    expect(pool.created).toBe(3);
  });

  describe('building autocannon-shaped requests', () => {
    type Ctx = { t0?: number; n?: number; own?: string };
    // Like the mix: setupRequest stamps its own clock into ctx.t0 and keeps state in the context across the cycle.
    const cycle: autocannon.Request[] = [
      {
        setupRequest: (_r, ctx) => {
          const c = ctx as Ctx;
          c.t0 = -1;
          c.own = 'mine';
          return { method: 'POST', path: '/register', headers: { 'content-type': 'application/json' }, body: '{}' };
        },
      },
      { setupRequest: (_r, ctx) => ({ method: 'GET', path: `/read/${(ctx as Ctx).own}` }) },
    ];
    const session = (): Session => ({ ctx: {}, step: 0, cycles: 0 });

    it('measures from the due time: ctx.t0 is the schedule, whatever setupRequest stamped', () => {
      const s = session();
      const out = nextRequest(cycle, s, 1234.5);
      expect(out.ctx.t0).toBe(1234.5);
      expect(out).toMatchObject({ method: 'POST', path: '/register', body: '{}', headers: { 'content-type': 'application/json' } });
      expect(out.req).toBe(cycle[0]);
    });

    it('walks the cycle in order on one context and resets the context at each new cycle', () => {
      const s = session();
      nextRequest(cycle, s, 0);
      const second = nextRequest(cycle, s, 1);
      expect(second.path).toBe('/read/mine');
      const first = s.ctx;
      const again = nextRequest(cycle, s, 2);
      expect(again.path).toBe('/register');
      expect(again.ctx).not.toBe(first); // a fresh context, as autocannon gives a connection each cycle
      expect(first).toMatchObject({ own: 'mine', t0: 1 }); // the answer still in flight keeps its own context
    });

    it('restarts the cycle when a request does not build, as autocannon does', () => {
      const skipping: autocannon.Request[] = [{ path: '/first' }, { setupRequest: () => undefined as unknown as autocannon.Request }];
      const s = session();
      expect(nextRequest(skipping, s, 0).path).toBe('/first');
      expect(nextRequest(skipping, s, 1).path).toBe('/first');
      expect(() => nextRequest([{ setupRequest: () => undefined as unknown as autocannon.Request }], session(), 0)).toThrow(/did not build/);
    });
  });
});
