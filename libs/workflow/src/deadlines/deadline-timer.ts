import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy, type Provider, type Type } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { DeadlineNotDueError, SYSTEM_ROLE, pendingDeadlines, type MapVersion, type RequalificationTarget } from '@app/domain';

/** The set and deadline a recognition under a pack must be renewed by, in a province. */
export type RequalificationOf = (packId: string, packVersion: string, provinceCode: string, map: MapVersion) => RequalificationTarget | null;
import { WrongExpectedRevisionError } from '@app/event-store';
import { APP_CONFIG, ProblemException, type AppConfig, type Principal } from '@app/platform';
import { DossierRepository } from '../dossiers/dossier.repository';
import { ExecuteDossierCommand } from '../dossiers/dossier-commands';
import { CLOCK, systemClock, type Clock } from './clock';
import { DeadlineRules } from './deadline-rules';

/** Where the timer learns which dossiers may have a deadline passed; the stream then decides. */
export interface DeadlineCandidates {
  /** Dossiers with a deadline passed by `now` that is not recorded yet, as far as the read model knows. */
  passedDeadlines(now: Date, requalificationOf: RequalificationOf): Promise<string[]>;
  /** Resolves once the read model has caught up with what was written before start-up. */
  ready(): Promise<void>;
}

export const DEADLINE_CANDIDATES = Symbol('DEADLINE_CANDIDATES');

/**
 * The timer with its clock and its candidates, for an app module that imports the workflow and whatever provides the
 * candidates (the read models): `providers: [...deadlineTimerProviders(ReadModelDeadlineCandidates)]`.
 */
export function deadlineTimerProviders(candidates: Type<DeadlineCandidates>, clock: Clock = systemClock): Provider[] {
  return [{ provide: CLOCK, useValue: clock }, { provide: DEADLINE_CANDIDATES, useExisting: candidates }, DeadlineTimer];
}

export interface SweepResult {
  /** False when another instance held the lock: it is sweeping, this one need not. */
  swept: boolean;
  /** Dossiers looked at. */
  dossiers: number;
  /** Deadlines recorded by this sweep. */
  recorded: number;
  /** Dossiers that failed for an unexpected reason; they are tried again on the next sweep. */
  failed: number;
}

const SYSTEM: Principal = { id: 'deadline-timer', role: SYSTEM_ROLE, unit: 'VN' };

// The two-key form is a key space of its own, apart from the stream and projection locks' hashed single keys.
const LOCK_SPACE = 0x4e544d; // "NTM"
const LOCK_DEADLINE_TIMER = 1;

/**
 * Records each passed deadline in its dossier's stream exactly once. One instance sweeps at a time (a session
 * advisory lock on a connection of its own, released when the sweep ends or the process dies); were two to sweep
 * anyway, both would issue the same command id for a deadline, hence the same event ids and expected revision, and
 * the store writes it once. A sweep on start-up records what passed while the service was down.
 */
@Injectable()
export class DeadlineTimer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('DeadlineTimer');
  private running = false;
  private next: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DEADLINE_CANDIDATES) private readonly candidates: DeadlineCandidates,
    private readonly bus: CommandBus,
    private readonly dossiers: DossierRepository,
    private readonly rules: DeadlineRules,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.RUN_TIMERS === 'true') this.start();
  }

  /** Stops before the database closes (onModuleDestroy comes first), letting a sweep under way finish. */
  async onModuleDestroy(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    // Only a sweep is waited for on shutdown, never the wait for the read models.
    void this.candidates
      .ready()
      .catch((err: Error) => this.running && this.logger.warn({ err: err.message }, 'read models not caught up; sweeping anyway'))
      .then(() => {
        if (this.running) this.inFlight = this.tick();
      });
  }

  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.next);
    await this.inFlight;
  }

  /** One pass over every passed deadline, unless another instance is sweeping. */
  async sweep(): Promise<SweepResult> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query(`SELECT pg_try_advisory_lock($1, $2) AS locked`, [LOCK_SPACE, LOCK_DEADLINE_TIMER]);
      if (!locked) return { swept: false, dossiers: 0, recorded: 0, failed: 0 };
      try {
        return await this.sweepUnlocked();
      } finally {
        await runner.query(`SELECT pg_advisory_unlock($1, $2)`, [LOCK_SPACE, LOCK_DEADLINE_TIMER]);
      }
    } finally {
      await runner.release();
    }
  }

  /** The sweep without the lock: safe to race (tests race it), only wasteful. */
  async sweepUnlocked(): Promise<SweepResult> {
    const now = this.clock.now();
    const ids = await this.candidates.passedDeadlines(now, this.rules.requalificationOf);
    const result: SweepResult = { swept: true, dossiers: ids.length, recorded: 0, failed: 0 };
    for (const dossierId of ids) {
      try {
        result.recorded += await this.recordPassed(dossierId, now);
      } catch (err) {
        result.failed++;
        this.logger.warn({ dossierId, err: (err as Error).message }, 'could not record a passed deadline; the next sweep retries');
      }
    }
    if (result.recorded > 0 || result.failed > 0) this.logger.log(result, 'deadline sweep');
    return result;
  }

  private async tick(): Promise<void> {
    if (!this.running) return;
    await this.sweep().catch((err: Error) => this.logger.error({ err: err.message }, 'deadline sweep failed'));
    if (!this.running) return;
    this.next = setTimeout(() => {
      this.inFlight = this.tick();
    }, this.config.DEADLINE_SWEEP_INTERVAL_MS);
  }

  /** The stream is the truth: the read model only said where to look. */
  private async recordPassed(dossierId: string, now: Date): Promise<number> {
    const { state, revision } = await this.dossiers.load(dossierId);
    const requalification = await this.rules.requalificationFor(state);
    const passed = pendingDeadlines(state, this.rules.calendar, requalification).filter(
      (d) => d.reachedAt === null && Date.parse(d.dueAt) < now.getTime(),
    );
    let expectedRevision = revision ?? undefined;
    let recorded = 0;
    for (const d of passed) {
      try {
        const result = await this.bus.execute(
          new ExecuteDossierCommand(
            { type: 'RecordDeadlineReached', data: { dossierId, kind: d.kind, dueAt: d.dueAt, requalification } },
            {
              principal: SYSTEM,
              now: now.toISOString(),
              correlationId: `deadline-sweep:${now.toISOString()}`,
              commandId: `deadline:${dossierId}:${d.kind}:${d.dueAt}`,
              reason: `${d.kind} deadline passed (due ${d.dueAt})`,
              expectedRevision,
            },
          ),
        );
        expectedRevision = result.revision;
        if (result.events.length > 0) recorded++;
      } catch (err) {
        // Someone else moved the dossier on (another sweep, an officer): the next sweep looks again.
        if (isLostRace(err)) return recorded;
        throw err;
      }
    }
    return recorded;
  }
}

function isLostRace(err: unknown): boolean {
  return (
    err instanceof WrongExpectedRevisionError ||
    err instanceof DeadlineNotDueError ||
    (err instanceof ProblemException && err.code === 'DOSSIER.STALE_REVISION')
  );
}
