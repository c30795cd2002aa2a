import { StatementBatcher } from './statement-batcher';

/** A send whose statements the test answers by hand, recording what each carried. */
function manualSend() {
  const statements: { items: string[]; resolve: (r: string[]) => void; reject: (e: unknown) => void }[] = [];
  const send = (items: string[]) => new Promise<string[]>((resolve, reject) => statements.push({ items, resolve, reject }));
  return { statements, send };
}

const flush = () => new Promise((r) => setImmediate(r));

describe('StatementBatcher', () => {
  it('sends at once while fewer than inFlight statements are out, then everything queued meanwhile in one statement', async () => {
    const { statements, send } = manualSend();
    const batcher = new StatementBatcher(send, 2);
    const answers = ['a', 'b', 'c', 'd', 'e'].map((x) => batcher.run(x));
    expect(statements.map((s) => s.items)).toEqual([['a'], ['b']]);
    statements[0].resolve(['A']);
    await flush();
    expect(statements.map((s) => s.items)).toEqual([['a'], ['b'], ['c', 'd', 'e']]);
    statements[1].resolve(['B']);
    statements[2].resolve(['C', 'D', 'E']);
    expect(await Promise.all(answers)).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('carries at most maxItems in one statement', async () => {
    const { statements, send } = manualSend();
    const batcher = new StatementBatcher(send, 1, 2);
    const answers = ['a', 'b', 'c', 'd'].map((x) => batcher.run(x));
    for (let i = 0; i < 3; i++) {
      statements[i].resolve(statements[i].items.map((x) => x.toUpperCase()));
      await flush();
    }
    expect(statements.map((s) => s.items)).toEqual([['a'], ['b', 'c'], ['d']]);
    expect(await Promise.all(answers)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('sends each item of a statement the server refused alone, so one bad item does not cost the others their answers', async () => {
    const sent: string[][] = [];
    const batcher = new StatementBatcher(async (items: string[]) => {
      sent.push(items);
      if (items.includes('bad')) throw Object.assign(new Error('unsupported Unicode escape sequence'), { code: '22P05' });
      return items.map((x) => x.toUpperCase());
    }, 1);
    const first = batcher.run('first');
    const rest = ['a', 'bad', 'b'].map((x) => batcher.run(x));
    const outcomes = await Promise.allSettled([first, ...rest]);
    expect(sent).toEqual([['first'], ['a', 'bad', 'b'], ['a'], ['bad'], ['b']]);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual(['FIRST', 'A', 'unsupported Unicode escape sequence', 'B']);
  });

  it('fails every item of a statement whose connection was lost, without sending them again', async () => {
    const sent: string[][] = [];
    const batcher = new StatementBatcher(async (items: string[]) => {
      sent.push(items);
      if (items.length > 1) throw Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
      return items;
    }, 1);
    const outcomes = await Promise.allSettled(['x', 'a', 'b'].map((x) => batcher.run(x)));
    expect(sent).toEqual([['x'], ['a', 'b']]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'rejected']);
  });

  it('keeps going after a failed statement', async () => {
    let fail = true;
    const batcher = new StatementBatcher(async (items: string[]) => {
      if (fail) {
        fail = false;
        throw new Error('Connection terminated unexpectedly');
      }
      return items;
    }, 1);
    await expect(batcher.run('a')).rejects.toThrow('Connection terminated');
    await expect(batcher.run('b')).resolves.toBe('b');
  });
});
