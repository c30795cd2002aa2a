import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { canonicalHashParts, eventHash } from './hash-chain';

// What es_append does with the parts under its lock, in the application's words.
function joined(before: string, prevHash: string | null, revision: number, after: string): string {
  return `${before}${prevHash === null ? 'null' : JSON.stringify(prevHash)},"revision":${revision}${after}`;
}

describe('canonicalHashParts', () => {
  it('joined around prevHash and revision, gives the very text eventHash hashes, for any event', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.uuid(),
        fc.string({ minLength: 1 }),
        fc.jsonValue(),
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.option(fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 64, maxLength: 64 }), { nil: null }),
        fc.nat(),
        (streamId, id, type, data, metadata, prevHash, revision) => {
          // The store hashes what it will hand back: the event as parsed from its JSON (no -0, no undefined members).
          const d = JSON.parse(JSON.stringify(data)) as unknown;
          const m = JSON.parse(JSON.stringify(metadata)) as Record<string, unknown>;
          const { before, after } = canonicalHashParts({ streamId, id, type, data: d, metadata: m as never });
          const text = joined(before, prevHash, revision, after);
          const hash = createHash('sha256').update(text).digest('hex');
          expect(hash).toBe(eventHash({ streamId, revision, id, type, data: d, metadata: m as never, prevHash }));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('refuses a member with no JSON form rather than hash something verification would not', () => {
    expect(() => canonicalHashParts({ streamId: 's', id: 'i', type: 't', data: undefined, metadata: {} as never })).toThrow(TypeError);
  });
});
