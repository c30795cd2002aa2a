import type { Role } from './api/types';

export type NavKey = 'myDossiers' | 'inbox' | 'appraisal' | 'decisions' | 'dossiers' | 'deadlines' | 'statistics' | 'audit';

export const NAV_PATHS: Record<NavKey, string> = {
  myDossiers: '/dossiers',
  inbox: '/inbox',
  appraisal: '/appraisal',
  decisions: '/decisions',
  dossiers: '/dossiers',
  deadlines: '/deadlines',
  statistics: '/statistics',
  audit: '/audit',
};

/** Each role's pages, its home first. */
export const ROLE_NAV: Record<Role, NavKey[]> = {
  commune_officer: ['myDossiers', 'deadlines'],
  verifying_officer: ['inbox', 'dossiers', 'deadlines', 'statistics'],
  coordination_office: ['inbox', 'dossiers', 'deadlines', 'statistics'],
  council_member: ['appraisal', 'dossiers'],
  council_chair: ['appraisal', 'dossiers'],
  provincial_chairperson: ['decisions', 'deadlines', 'statistics', 'dossiers'],
  auditor: ['audit', 'dossiers', 'deadlines', 'statistics'],
  administrator: ['statistics', 'deadlines', 'dossiers', 'audit'],
};

export const homeOf = (role: Role): string => NAV_PATHS[ROLE_NAV[role][0]];
