import { Module } from '@nestjs/common';
import { PROJECTIONS } from './projection';
import { ProjectionRunner } from './projection-runner';
import { auditTrailProjection } from './projections/audit-trail.projection';
import { dossiersProjection } from './projections/dossiers.projection';
import { plansProjection } from './projections/plans.projection';
import { ReadModelDeadlineCandidates } from './queries/deadline-candidates';
import { ReadModels } from './queries/read-models';

export const ALL_PROJECTIONS = [dossiersProjection, auditTrailProjection, plansProjection];

@Module({
  providers: [{ provide: PROJECTIONS, useValue: ALL_PROJECTIONS }, ProjectionRunner, ReadModels, ReadModelDeadlineCandidates],
  exports: [ProjectionRunner, ReadModels, ReadModelDeadlineCandidates, PROJECTIONS],
})
export class ProjectionsModule {}
