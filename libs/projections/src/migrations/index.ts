import { ProjectionRegistry1763800200000 } from './1763800200000-projection-registry';

export const projectionMigrations = [ProjectionRegistry1763800200000];
