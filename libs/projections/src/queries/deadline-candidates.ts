import { Injectable } from '@nestjs/common';
import type { RequalificationTarget } from '@app/domain';
import { ProjectionRunner } from '../projection-runner';
import { ReadModels } from './read-models';

/**
 * Where the deadline timer looks (the workflow's DeadlineCandidates, met by shape so this library does not import the
 * workflow). The timer itself trusts only the streams.
 */
@Injectable()
export class ReadModelDeadlineCandidates {
  constructor(
    private readonly reads: ReadModels,
    private readonly runner: ProjectionRunner,
  ) {}

  passedDeadlines(now: Date, requalification: RequalificationTarget | null): Promise<string[]> {
    return this.reads.passedDeadlines(now, requalification);
  }

  /** Events written before a restart may not be projected yet; a start-up sweep before they are would miss them. */
  ready(): Promise<void> {
    return this.runner.settle(60_000);
  }
}
