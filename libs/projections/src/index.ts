export * from './projection';
export * from './projection-engine';
export * from './projection-runner';
export * from './projections.module';
export * from './queries/read-models';
export * from './migrations';
export { dossiersProjection } from './projections/dossiers.projection';
export { auditTrailProjection } from './projections/audit-trail.projection';
export { plansProjection, type PlanTargets } from './projections/plans.projection';
