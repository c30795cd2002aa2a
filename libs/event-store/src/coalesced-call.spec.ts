import { CoalescedCall } from './coalesced-call';

describe('CoalescedCall', () => {
  const flush = () => new Promise((r) => setImmediate(r));
  let runs: { finish: (fail?: boolean) => void }[];
  let call: CoalescedCall;
  beforeEach(() => {
    runs = [];
    call = new CoalescedCall(
      () =>
        new Promise<void>((resolve, reject) => {
          runs.push({ finish: (fail) => (fail ? reject(new Error('lost')) : resolve()) });
        }),
    );
  });

  it('runs at once when idle, and once more after a run for all the calls made during it', async () => {
    call.call();
    expect(runs).toHaveLength(1);
    for (let i = 0; i < 5; i++) call.call();
    expect(runs).toHaveLength(1);
    runs[0].finish();
    await flush();
    expect(runs).toHaveLength(2);
    runs[1].finish();
    await flush();
    expect(runs).toHaveLength(2);
    call.call();
    expect(runs).toHaveLength(3);
  });

  it('still runs again after a failed run', async () => {
    call.call();
    call.call();
    runs[0].finish(true);
    await flush();
    expect(runs).toHaveLength(2);
  });
});

describe('CoalescedCall with a minimum interval', () => {
  afterEach(() => jest.useRealTimers());

  it('starts runs at least the interval apart, and a call made in between is covered by the next run', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const starts: number[] = [];
    const call = new CoalescedCall(async () => {
      starts.push(Date.now());
    }, 5);
    call.call();
    await Promise.resolve();
    await jest.advanceTimersByTimeAsync(1);
    for (let i = 0; i < 10; i++) call.call();
    expect(starts).toEqual([1_000_000]);
    await jest.advanceTimersByTimeAsync(3);
    expect(starts).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(1);
    expect(starts).toEqual([1_000_000, 1_000_005]);
    // Long after: at once again.
    await jest.advanceTimersByTimeAsync(100);
    call.call();
    expect(starts).toEqual([1_000_000, 1_000_005, 1_000_105]);
  });
});
