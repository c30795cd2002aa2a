import fc from 'fast-check';

/** The part of JSON Schema (draft 7, and OpenAPI 3.0's dialect of it) that our DTOs and domain types produce. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  example?: unknown;
  format?: string;
  pattern?: string;
}

export interface SchemaDocument {
  definitions?: Record<string, JsonSchema>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export interface SchemaArbitraryOptions {
  /** Where `$ref`s point: `#/definitions/X` (JSON Schema) or `#/components/schemas/X` (OpenAPI). */
  document: SchemaDocument;
  /**
   * 'typed': values of the schema's types (bounds and patterns are not known to the schema, so values past them come
   * too); 'hostile': also at every level, now and then, a value of another type, a required member left out, an
   * unknown member, a string or array far over its bounds.
   */
  mode: 'typed' | 'hostile';
  /** Strings worth trying beside random ones (dates, codes, ids the system knows), so that values get past the edge. */
  strings?: fc.Arbitrary<string>;
  /** Numbers worth trying (years, counts) beside random ones. */
  numbers?: fc.Arbitrary<number>;
  /** Only the strings and numbers above, no random ones: requests that look like a client's and reach the rules. */
  plausible?: boolean;
  /** Arbitraries for members by name, where the name says more than the type (`dossierId`, `now`). */
  members?: Record<string, fc.Arbitrary<unknown>>;
}

const MAX_DEPTH = 8;

/**
 * A fast-check arbitrary for the values of a JSON Schema, written here because fast-check has none and the packages
 * that convert schemas know neither OpenAPI's `nullable` nor how to generate values that are wrong on purpose.
 */
export function arbitraryFor(schema: JsonSchema, options: SchemaArbitraryOptions): fc.Arbitrary<unknown> {
  return build(schema, options, 0);
}

function resolve(schema: JsonSchema, doc: SchemaDocument): JsonSchema {
  let s = schema;
  for (let hops = 0; s.$ref && hops < 20; hops++) {
    const m = /^#\/(definitions|components\/schemas)\/(.+)$/.exec(s.$ref);
    const target = m ? (m[1] === 'definitions' ? doc.definitions : doc.components?.schemas)?.[decodeURIComponent(m[2]!)] : undefined;
    if (!target) throw new Error(`unresolvable $ref ${s.$ref}`);
    s = target;
  }
  return s;
}

function build(raw: JsonSchema, o: SchemaArbitraryOptions, depth: number): fc.Arbitrary<unknown> {
  const typed = typedValue(resolve(raw, o.document), o, depth);
  if (o.mode !== 'hostile') return typed;
  return fc.oneof({ arbitrary: typed, weight: 12 }, { arbitrary: hostileValue(resolve(raw, o.document)), weight: 1 });
}

function typedValue(s: JsonSchema, o: SchemaArbitraryOptions, depth: number): fc.Arbitrary<unknown> {
  if (depth > MAX_DEPTH) return fc.constant(null);
  const nullable = s.nullable === true;
  const base = typedNonNull(s, o, depth);
  return nullable ? fc.option(base, { nil: null, freq: 8 }) : base;
}

function typedNonNull(s: JsonSchema, o: SchemaArbitraryOptions, depth: number): fc.Arbitrary<unknown> {
  if ('const' in s) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((a) => build(a, o, depth + 1)));
  if (s.allOf) return build(mergeAll(s.allOf.map((a) => resolve(a, o.document))), o, depth + 1);
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : s.properties ? ['object'] : [];
  if (types.length === 0) return fc.jsonValue({ maxDepth: 2 });
  return fc.oneof(...types.map((t) => ofType(t, s, o, depth)));
}

function ofType(type: string, s: JsonSchema, o: SchemaArbitraryOptions, depth: number): fc.Arbitrary<unknown> {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      if (o.plausible && o.numbers) return o.numbers;
      return fc.oneof(fc.integer({ min: s.minimum ?? -1_000_000, max: s.maximum ?? 1_000_000 }), ...(o.numbers ? [o.numbers] : []));
    case 'number':
      if (o.plausible && o.numbers) return o.numbers;
      return fc.oneof(
        fc.integer({ min: s.minimum ?? -1_000_000, max: s.maximum ?? 1_000_000 }),
        fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true }),
        ...(o.numbers ? [o.numbers] : []),
      );
    case 'string':
      return stringOf(s, o);
    case 'array': {
      const items = s.items ? build(s.items, o, depth + 1) : fc.jsonValue({ maxDepth: 1 });
      return fc.array(items, { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 6, 6) });
    }
    case 'object':
      return objectOf(s, o, depth);
    default:
      throw new Error(`unsupported schema type ${type}`);
  }
}

function stringOf(s: JsonSchema, o: SchemaArbitraryOptions): fc.Arbitrary<string> {
  const minLength = s.minLength ?? 0;
  const maxLength = Math.min(s.maxLength ?? 40, 40);
  if (s.pattern && o.plausible) return fc.stringMatching(new RegExp(s.pattern));
  if (o.plausible && o.strings) return typeof s.example === 'string' ? fc.oneof(o.strings, fc.constant(s.example)) : o.strings;
  const random = fc.oneof(fc.string({ minLength, maxLength }), fc.string({ unit: 'grapheme', minLength, maxLength }));
  const choices: fc.WeightedArbitrary<string>[] = [{ arbitrary: random, weight: 1 }];
  if (typeof s.example === 'string') choices.push({ arbitrary: fc.constant(s.example), weight: 1 });
  if (o.strings) choices.push({ arbitrary: o.strings, weight: 3 });
  if (s.pattern) choices.push({ arbitrary: fc.stringMatching(new RegExp(s.pattern)), weight: 3 });
  return fc.oneof(...choices);
}

function objectOf(s: JsonSchema, o: SchemaArbitraryOptions, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const props = s.properties ?? {};
  const required = new Set(s.required ?? []);
  const names = Object.keys(props);
  const members = Object.fromEntries(names.map((n) => [n, o.members?.[n] ?? build(props[n]!, o, depth + 1)]));
  const known = fc.record(members, { requiredKeys: names.filter((n) => required.has(n)) });
  const extra = s.additionalProperties;
  const open = extra !== undefined && extra !== false && names.length === 0;
  // A map (additionalProperties only, e.g. criterion results by code): keys from the vocabulary or random.
  const mapped = open
    ? fc.dictionary(o.strings ? fc.oneof(o.strings, fc.string({ maxLength: 8 })) : fc.string({ maxLength: 8 }), extra === true ? fc.jsonValue({ maxDepth: 1 }) : build(extra, o, depth + 1), { maxKeys: 6 })
    : fc.constant({});
  const typed = fc.tuple(known, mapped).map(([k, m]) => ({ ...m, ...k }));
  if (o.mode !== 'hostile') return typed;
  // Hostile: now and then drop a required member or add one the schema does not know.
  return fc
    .tuple(typed, fc.option(fc.constantFrom(...(names.length ? names : ['_'])), { freq: 4 }), fc.option(fc.tuple(fc.string({ minLength: 1, maxLength: 12 }), fc.jsonValue({ maxDepth: 1 })), { freq: 8 }))
    .map(([value, drop, add]) => {
      const out: Record<string, unknown> = { ...value };
      if (drop !== null) delete out[drop];
      if (add !== null) out[add[0]] = add[1];
      return out;
    });
}

/** A value that does not fit: another type, or a string or array far past any bound a field may have. */
function hostileValue(s: JsonSchema): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.oneof(fc.integer(), fc.constantFrom(-1, 0, 2 ** 53, -(2 ** 31), 1e300, 0.5)),
    fc.string({ maxLength: 20 }),
    fc.constantFrom('', ' ', '\u0000', '0', 'null', '2026-02-30', '9999-99-99', '../../etc', "'; DROP TABLE es_events; --"),
    fc.integer({ min: (s.maxLength ?? 200) + 1, max: (s.maxLength ?? 200) + 5000 }).map((n) => 'x'.repeat(n)),
    fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 4 }),
    fc.integer({ min: (s.maxItems ?? 50) + 1, max: (s.maxItems ?? 50) + 300 }).map((n) => Array.from({ length: n }, (_, i) => `x${i}`)),
    fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  );
}

function mergeAll(parts: JsonSchema[]): JsonSchema {
  const merged: JsonSchema = { type: 'object', properties: {}, required: [] };
  for (const p of parts) {
    Object.assign(merged.properties!, p.properties ?? {});
    merged.required!.push(...(p.required ?? []));
    if (p.additionalProperties !== undefined) merged.additionalProperties = p.additionalProperties;
  }
  return merged;
}
