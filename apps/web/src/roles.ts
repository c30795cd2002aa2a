import type { Role } from './api/types';

export type NavKey = 'myDossiers' | 'inbox' | 'appraisal' | 'decisions' | 'dossiers' | 'deadlines' | 'statistics' | 'audit' | 'imports' | 'regulations';

export const NAV_PATHS: Record<NavKey, string> = {
  myDossiers: '/dossiers',
  inbox: '/inbox',
  appraisal: '/appraisal',
  decisions: '/decisions',
  dossiers: '/dossiers',
  deadlines: '/deadlines',
  statistics: '/statistics',
  audit: '/audit',
  imports: '/imports',
  regulations: '/regulations',
};

/** Each role's pages, its home first. */
export const ROLE_NAV: Record<Role, NavKey[]> = {
  commune_officer: ['myDossiers', 'deadlines', 'regulations'],
  verifying_officer: ['inbox', 'dossiers', 'deadlines', 'statistics', 'regulations'],
  coordination_office: ['inbox', 'dossiers', 'deadlines', 'statistics', 'imports', 'regulations'],
  council_member: ['appraisal', 'dossiers', 'regulations'],
  council_chair: ['appraisal', 'dossiers', 'regulations'],
  provincial_chairperson: ['decisions', 'deadlines', 'statistics', 'dossiers', 'regulations'],
  auditor: ['audit', 'dossiers', 'deadlines', 'statistics', 'regulations'],
  administrator: ['statistics', 'deadlines', 'dossiers', 'audit', 'imports', 'regulations'],
};

/** The history import: the roles POST /imports accepts (IMPORT_ROLES on the server). */
export const mayImport = (role: Role): boolean => ROLE_NAV[role].includes('imports');

export const homeOf = (role: Role): string => NAV_PATHS[ROLE_NAV[role][0]];
