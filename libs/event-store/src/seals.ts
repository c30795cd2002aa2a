import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { appendFileSync, closeSync, existsSync, fsyncSync, openSync, readFileSync } from 'node:fs';
import canonicalize from 'canonicalize';
import { comparePositions, formatPosition, type EventStore, type GlobalPosition, type RecordedEvent } from './event-store.port';

/**
 * A seal: the heads of every stream's hash chain as they stood at a global position, signed with a key the database
 * never sees. Whoever can rewrite the database (a superuser, with the append-only triggers off) can recompute every
 * chain and every head in it, but cannot sign a seal: `verifyHashChains` with the operator's seal log then finds that
 * the chains up to a sealed position no longer give the sealed heads.
 */
export interface Seal {
  v: 1;
  sealedAt: string;
  /** The last event the seal covers, as `commit/prepare`; every event at or before it in global order is covered. */
  position: string;
  events: number;
  streams: number;
  /** SHA-256 over the sorted lines `streamId revision hash` of every stream's last event at or before `position`. */
  heads: string;
  /** SHA-256 of the previous line of the log (null for the first): a line taken out of the log shows. */
  prev: string | null;
  /** Which key signed (SHA-256 of its public key, 16 hex digits), so a rotated key can be told apart. */
  keyId: string;
  /** Ed25519 signature (base64) over the canonical JSON of every other member. */
  signature: string;
}

/** Each stream's last event so far, fed in global order: what a seal signs and what verification recomputes. */
export class ChainHeads {
  private readonly heads = new Map<string, { revision: number; hash: string }>();
  private count = 0;
  private last: GlobalPosition | null = null;

  apply(e: Pick<RecordedEvent, 'streamId' | 'revision' | 'hash' | 'position'>): void {
    this.heads.set(e.streamId, { revision: e.revision, hash: e.hash });
    this.count++;
    this.last = e.position;
  }

  get events(): number {
    return this.count;
  }

  get streams(): number {
    return this.heads.size;
  }

  get position(): GlobalPosition | null {
    return this.last;
  }

  digest(): string {
    const hash = createHash('sha256');
    for (const id of [...this.heads.keys()].sort()) {
      const h = this.heads.get(id)!;
      hash.update(`${id} ${h.revision} ${h.hash}\n`);
    }
    return hash.digest('hex');
  }
}

export function keyIdOf(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

/** The Ed25519 private key in a PEM file; a clear error for anything else. */
export function loadSealingKey(file: string): KeyObject {
  const key = createPrivateKey(readFileSync(file));
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${file} holds a ${key.asymmetricKeyType} key; seals need an Ed25519 private key (openssl genpkey -algorithm ed25519)`);
  return key;
}

/** The public half, from a PEM file holding either the private key or only the public one. */
export function loadVerifyingKey(file: string): KeyObject {
  const key = createPublicKey(readFileSync(file));
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${file} holds a ${key.asymmetricKeyType} key; seals are signed with Ed25519`);
  return key;
}

const signedPart = (body: Omit<Seal, 'signature'>) => Buffer.from(canonicalize(body) ?? '');
const lineHash = (line: string) => createHash('sha256').update(line).digest('hex');

export function makeSeal(heads: ChainHeads, key: KeyObject, previousLine: string | null, sealedAt: Date): Seal {
  if (!heads.position) throw new Error('nothing to seal: no event has been read');
  const body: Omit<Seal, 'signature'> = {
    v: 1,
    sealedAt: sealedAt.toISOString(),
    position: formatPosition(heads.position),
    events: heads.events,
    streams: heads.streams,
    heads: heads.digest(),
    prev: previousLine === null ? null : lineHash(previousLine),
    keyId: keyIdOf(key),
  };
  return { ...body, signature: sign(null, signedPart(body), key).toString('base64') };
}

/** The log's last line, to chain the next seal to; null for a log that does not exist yet or is empty. */
export function lastSealLine(logFile: string): string | null {
  if (!existsSync(logFile)) return null;
  const lines = readFileSync(logFile, 'utf8').split('\n').filter((l) => l.trim() !== '');
  return lines.length ? lines[lines.length - 1]! : null;
}

/** Appends one seal as a line and forces it to disk before returning: a seal reported written is on disk. */
export function appendSeal(logFile: string, seal: Seal): string {
  const line = JSON.stringify(seal);
  appendFileSync(logFile, `${line}\n`, { mode: 0o640 });
  const fd = openSync(logFile, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return line;
}

export interface LoggedSeal {
  /** 1-based line number in the log. */
  line: number;
  seal: Seal;
}

export interface SealLogProblem {
  line: number;
  problem: 'unreadable' | 'bad-signature' | 'out-of-chain';
}

/** Reads a seal log: every seal whose signature holds, and every line that is unreadable, forged or out of chain. */
export function readSealLog(text: string, publicKey: KeyObject): { seals: LoggedSeal[]; problems: SealLogProblem[] } {
  const seals: LoggedSeal[] = [];
  const problems: SealLogProblem[] = [];
  let previous: string | null = null;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    let seal: Seal;
    try {
      seal = JSON.parse(line) as Seal;
      if (seal.v !== 1 || typeof seal.signature !== 'string' || typeof seal.position !== 'string') throw new Error('not a seal');
    } catch {
      problems.push({ line: i + 1, problem: 'unreadable' });
      previous = line;
      return;
    }
    const { signature, ...body } = seal;
    if (!verify(null, signedPart(body), publicKey, Buffer.from(signature, 'base64'))) problems.push({ line: i + 1, problem: 'bad-signature' });
    else {
      if (seal.prev !== (previous === null ? null : lineHash(previous))) problems.push({ line: i + 1, problem: 'out-of-chain' });
      seals.push({ line: i + 1, seal });
    }
    previous = line;
  });
  return { seals, problems };
}

/**
 * Seals a store again and again (the service's timer, `audit seal`): each time it reads only what was appended since
 * the last time, and appends a seal to the log when anything was.
 */
export class ChainSealer {
  private readonly heads = new ChainHeads();
  private sealedAt: GlobalPosition | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly key: KeyObject,
    private readonly logFile: string,
  ) {}

  async sealNow(now: Date = new Date()): Promise<Seal | null> {
    for (;;) {
      const batch = await this.store.readAll({ after: this.heads.position, maxCount: 1000 });
      if (batch.length === 0) break;
      for (const e of batch) this.heads.apply(e);
    }
    const at = this.heads.position;
    if (!at || (this.sealedAt && comparePositions(at, this.sealedAt) === 0)) return null;
    const seal = makeSeal(this.heads, this.key, lastSealLine(this.logFile), now);
    appendSeal(this.logFile, seal);
    this.sealedAt = at;
    return seal;
  }
}
