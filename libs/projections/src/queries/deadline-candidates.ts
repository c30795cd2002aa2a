import { Injectable } from '@nestjs/common';
import { ProjectionRunner } from '../projection-runner';
import { ReadModels, type RequalificationOf } from './read-models';

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

  passedDeadlines(now: Date, requalificationOf: RequalificationOf): Promise<string[]> {
    return this.reads.passedDeadlines(now, requalificationOf);
  }

  /** Events written before a restart may not be projected yet; a start-up sweep before they are would miss them. */
  ready(): Promise<void> {
    return this.runner.settle(60_000);
  }
}
