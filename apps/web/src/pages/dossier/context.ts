import { createContext, useContext } from 'react';
import type { CommandOptions } from '../../api/client';
import type { Problem } from '../../api/problem';
import type { CommandAnswer, CriteriaSet, Dossier, Me, RegulationPackSummary } from '../../api/types';

/** An item the decider listed when it refused the submission (DOSSIER.NOT_ELIGIBLE), shown where it belongs. */
export type UnmetItem =
  | { kind: 'criterion-unrecorded' | 'criterion-unmet'; code: string }
  | { kind: 'satisfaction-unrecorded' }
  | { kind: 'satisfaction-below-rate'; actual: number; required: number }
  | { kind: 'construction-debt-undeclared' | 'construction-debt-outstanding' | 'security-undeclared' | 'complex-security-area' | 'not-registered-in-plan' }
  | { kind: 'consultation-unrecorded' }
  | { kind: 'consultation-too-few-postings'; required: number; withinDays: number; found: number }
  | { kind: 'document-missing'; document: string };

export interface DossierContext {
  dossier: Dossier;
  /** The criteria set the dossier pinned. */
  set: CriteriaSet | null;
  /** What a monitoring review of this recognition is judged by today: the first rule in force from its period on. */
  judging: { pack: RegulationPackSummary; set: CriteriaSet } | null;
  /** Every pack this province has (national and its own), to name sets and packs the dossier's events cite. */
  packs: RegulationPackSummary[];
  me: Me;
  /** The revision the person is deciding on: If-Match of every command from this page. */
  revision: number;
  unmet: UnmetItem[];
  setUnmet(items: UnmetItem[]): void;
  /** Options for useCommand: the page's revision, and what follows success or a stale revision. */
  commandOptions: { ifMatch: number; onSuccess: (a: CommandAnswer) => void; onStale: (p: Problem) => void };
}

export const DossierCtx = createContext<DossierContext | null>(null);

export function useDossier(): DossierContext {
  const c = useContext(DossierCtx);
  if (!c) throw new Error('useDossier outside DossierPage');
  return c;
}

export type Run<V> = (values: V, o: CommandOptions) => Promise<CommandAnswer>;

export const lines = (text: string): string[] => text.split('\n').map((l) => l.trim()).filter(Boolean);
