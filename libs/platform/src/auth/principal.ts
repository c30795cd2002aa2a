import { ROLES, type Role } from '@app/domain';

/** The authenticated person: who (id), in which capacity (role) and where (unit: province, district or commune code). */
export interface Principal {
  id: string;
  role: Role;
  unit: string;
  name?: string;
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
