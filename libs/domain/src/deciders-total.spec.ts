import { join } from 'node:path';
import fc from 'fast-check';
import { createGenerator } from 'ts-json-schema-generator';
import { arbitraryFor, type JsonSchema, type SchemaDocument } from '@app/testing';
import { COMMUNE_COMMAND_ROLES, communeDecider, type CommuneCommand, type CommuneEvent, type CommuneState } from './commune';
import { DOSSIER_COMMAND_ROLES, dossierDecider, type DossierCommand, type DossierEvent, type DossierState } from './dossier';
import * as fixtures from './dossier/testing';
import { DomainError } from './errors';

/**
 * The deciders are total: whatever command their types admit, in whatever state a history of decided events can
 * reach, they answer with events or a DomainError — never a TypeError or any other crash, which the edge could only
 * turn into a 500. Commands are generated from the command types themselves (the TypeScript union, read with
 * ts-json-schema-generator), so a command added to the union is covered here without a line changed. Shapes the types
 * do not admit are the edge's to refuse (test/bad-input.e2e-spec.ts); the one a route used to let through, a required
 * reason left out, is answered by the decider too (see the last test).
 */
const RUNS = Number(process.env.DECIDER_RUNS ?? 1_500);

const schemaOf = (() => {
  let generator: ReturnType<typeof createGenerator> | null = null;
  return (type: string): SchemaDocument & JsonSchema => {
    generator ??= createGenerator({ path: join(__dirname, 'index.ts'), tsconfig: join(__dirname, '..', '..', '..', 'tsconfig.json'), type: '*', skipTypeCheck: true, expose: 'export', topRef: true, additionalProperties: false });
    return generator.createSchema(type) as SchemaDocument & JsonSchema;
  };
})();

/** The member of a command union whose `type` is `name`. */
function commandSchema(doc: SchemaDocument & JsonSchema, union: string, name: string): JsonSchema {
  const alternatives = doc.definitions![union]!.anyOf!.map((a) => doc.definitions![a.$ref!.split('/').pop()!]!);
  const found = alternatives.find((a) => a.properties?.type?.const === name);
  if (!found) throw new Error(`no member ${name} in ${union}`);
  return found;
}

const YEARS = [2015, 2019, 2021, 2023, 2024, 2025, 2026, 2027, 2031];
const day = fc.tuple(fc.constantFrom(...YEARS), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 })).map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
const instant = fc.date({ min: new Date('2015-01-01'), max: new Date('2031-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
const strings = fc.oneof(
  fc.constantFrom(...fixtures.criteriaCodes('standard'), ...fixtures.criteriaCodes('advanced'), 'C99', 'X01', ''),
  fc.constantFrom(...fixtures.MEMBERS, fixtures.CHAIR, ...Object.values(fixtures.ACTORS), fixtures.COMMUNE_CODE, fixtures.PROVINCE_CODE, fixtures.DISTRICT_CODE),
  fc.constantFrom('ntm-2016-2020', 'ntm-2021-2025', 'ntm-2026-2030', 'no-such-pack', '1', '2', 'doc://1', ' ', 'Lý do'),
  day,
  instant,
);
const numbers = fc.oneof(fc.constantFrom(...YEARS), fc.integer({ min: -3, max: 30 }), fc.double({ min: -1e3, max: 1e3, noNaN: true }));

/** A command of the named type: members from its type, `dossierId` mostly the fixtures' dossier, `now` mostly an instant. */
function commandArbitrary(doc: SchemaDocument & JsonSchema, union: string, name: string): fc.Arbitrary<{ type: string; data: Record<string, unknown>; metadata: unknown }> {
  const schema = commandSchema(doc, union, name);
  const members = {
    dossierId: fc.oneof({ arbitrary: fc.constant(fixtures.DOSSIER_ID), weight: 9 }, { arbitrary: fc.string({ maxLength: 12 }), weight: 1 }),
    now: fc.oneof({ arbitrary: instant, weight: 9 }, { arbitrary: fc.constantFrom('not a date', '2024-13-45T00:00:00Z', ''), weight: 1 }),
  };
  const data = arbitraryFor(schema.properties!.data!, { document: doc, mode: 'typed', strings, numbers, members }) as fc.Arbitrary<Record<string, unknown>>;
  const metadata = arbitraryFor(schema.properties!.metadata!, { document: doc, mode: 'typed', strings, numbers, members });
  return fc.record({ type: fc.constant(name), data, metadata });
}

/** Runs a command; a DomainError is an answer, anything else thrown fails the property with the command that did it. */
function decideOrRefuse<S, C, E>(decider: { decide(c: C, s: S): readonly E[] }, command: C, state: S): readonly E[] | null {
  try {
    return decider.decide(command, state);
  } catch (err) {
    if (err instanceof DomainError) return null;
    throw new Error(`${(err as Error)?.name}: ${(err as Error)?.message} — deciding ${JSON.stringify(command)} in status ${(state as { status?: string }).status}`);
  }
}

describe('deciders are total over their command types', () => {
  let dossierDoc: SchemaDocument & JsonSchema;
  let communeDoc: SchemaDocument & JsonSchema;

  beforeAll(() => {
    dossierDoc = schemaOf('DossierCommand');
    communeDoc = schemaOf('CommuneCommand');
  }, 60_000);

  it('finds a type for every command the role tables list', () => {
    for (const name of Object.keys(DOSSIER_COMMAND_ROLES)) expect(() => commandSchema(dossierDoc, 'DossierCommand', name)).not.toThrow();
    for (const name of Object.keys(COMMUNE_COMMAND_ROLES)) expect(() => commandSchema(communeDoc, 'CommuneCommand', name)).not.toThrow();
  });

  it('the dossier decider answers every generated command, from every state a history reaches, with events or a DomainError', () => {
    // Every history the fixtures build (aRegisteredDossier(), aRecognisedDossier(), ...), and the empty one.
    const histories: DossierEvent[][] = [
      [],
      ...Object.entries(fixtures)
        .filter(([name, f]) => /^an?[A-Z]/.test(name) && typeof f === 'function' && f.length === 0)
        .map(([, f]) => (f as () => DossierEvent[])()),
    ];
    expect(histories.length).toBeGreaterThan(15);
    const command = fc.oneof(...Object.keys(DOSSIER_COMMAND_ROLES).map((name) => commandArbitrary(dossierDoc, 'DossierCommand', name)));
    let decided = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.constantFrom(...histories), fc.array(command, { minLength: 1, maxLength: 6 }), (history, commands) => {
        // A walk: each command that is accepted moves the state on, so later ones meet states no fixture names.
        let state: DossierState = history.reduce(dossierDecider.evolve, dossierDecider.initialState());
        for (const c of commands) {
          const events = decideOrRefuse(dossierDecider, c as unknown as DossierCommand, state);
          if (events === null) {
            refused++;
            continue;
          }
          decided++;
          state = events.reduce(dossierDecider.evolve, state);
        }
      }),
      { numRuns: RUNS },
    );
    console.log(`[deciders] dossier: ${decided} commands decided, ${refused} refused with a DomainError, none crashed`);
    expect(decided).toBeGreaterThan(0);
  });

  it('the commune decider answers every generated command with events or a DomainError', () => {
    const command = fc.oneof(...Object.keys(COMMUNE_COMMAND_ROLES).map((name) => commandArbitrary(communeDoc, 'CommuneCommand', name)));
    fc.assert(
      fc.property(fc.array(command, { minLength: 1, maxLength: 8 }), (commands) => {
        let state: CommuneState = communeDecider.initialState();
        for (const c of commands) {
          const events = decideOrRefuse(communeDecider, c as unknown as CommuneCommand, state);
          if (events) state = (events as CommuneEvent[]).reduce(communeDecider.evolve, state);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it.each([
    ['WithdrawDossier', fixtures.aRegisteredDossier(), fixtures.withdrawDossier()],
    ['DismissRevocationProposal', fixtures.aDossierWithRevocationProposed(), fixtures.dismissRevocationProposal()],
    ['ChangeCouncilVote', fixtures.aDossierWithVotes([fixtures.CHAIR, 'approve']), fixtures.changeCouncilVote(fixtures.CHAIR, 'reject', 'Đổi ý')],
  ] as const)('%s without its reason (a route once let it through) is refused with DOSSIER.REASON_REQUIRED', (_, history, command) => {
    const state = (history as DossierEvent[]).reduce(dossierDecider.evolve, dossierDecider.initialState());
    const { reason: _reason, ...data } = command.data as { reason: string };
    let error: unknown;
    try {
      dossierDecider.decide({ ...command, data } as unknown as DossierCommand, state);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('DOSSIER.REASON_REQUIRED');
  });
});
