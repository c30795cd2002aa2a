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
