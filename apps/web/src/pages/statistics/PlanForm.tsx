import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { command } from '../../api/client';
import { PERIODS, PLAN_LEVELS, type MapVersion, type Period, type PlanLevel, type PlanLines, type Statistics } from '../../api/types';
import { NumberField, SelectField, SubmitButton } from '../../components/form';
import { ProblemBox } from '../../components/ui';
import { useCommand } from '../../components/useCommand';

/** The programme period a calendar year belongs to, as plans are made. */
export function periodOfYear(year: number): Period {
  if (year <= 2015) return '2010-2015';
  if (year <= 2020) return '2016-2020';
  if (year <= 2025) return '2021-2025';
  return '2026-2030';
}

type Scope = 'period' | 'year';
type Unit = 'communes' | 'percent';

interface Values {
  scope: Scope;
  year: string;
  period: Period;
  targetsAre: 'cumulative' | 'additions';
  levels: Record<PlanLevel, { unit: Unit; value: string }>;
  averageCriteria: string;
  floorCriteria: string;
}

const num = (s: string) => (s.trim() === '' ? undefined : Number(s));

/** Whether a report's plan lines carry the targets just saved. */
function carries(lines: PlanLines | null | undefined, v: Values): boolean {
  if (!lines) return false;
  const levelsShown = PLAN_LEVELS.every((l) => {
    const value = num(v.levels[l].value);
    const target = lines[l]?.target;
    return value === undefined || (v.levels[l].unit === 'percent' ? target?.percent === value : target?.communes === value);
  });
  const average = num(v.averageCriteria);
  const floor = num(v.floorCriteria);
  return levelsShown && (average === undefined || lines.averageCriteria?.target === average) && (floor === undefined || lines.floor?.threshold === floor);
}

/**
 * The plans read model follows the store a moment after the command is answered: refetch the open reports until one
 * shows the saved targets (about ten seconds at most), so the page does not keep showing the plan as it was.
 */
async function refreshUntilShown(queryClient: QueryClient, v: Values): Promise<void> {
  const shown = (s: Statistics) => (v.scope === 'year' ? s.plan.year?.year === num(v.year) && carries(s.plan.year, v) : s.plan.period?.period === v.period && carries(s.plan.period, v));
  for (let attempt = 0; attempt < 20; attempt++) {
    await queryClient.refetchQueries({ queryKey: ['statistics'], type: 'active' });
    if (queryClient.getQueriesData<Statistics>({ queryKey: ['statistics'], type: 'active' }).some(([, s]) => s !== undefined && shown(s))) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  await queryClient.invalidateQueries({ queryKey: ['statistics-communes'] });
}

/** POST /plans: a year's or a whole period's targets, per level as communes or as a share of the unit's communes. */
export function PlanForm({ unit, unitMap, unitName, asOf }: { unit: string; unitMap: MapVersion; unitName: string; asOf: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const year = Number(asOf.slice(0, 4));
  const [v, setV] = useState<Values>({
    scope: 'period',
    year: String(year),
    period: periodOfYear(year),
    targetsAre: 'cumulative',
    levels: { standard: { unit: 'communes', value: '' }, advanced: { unit: 'communes', value: '' }, model: { unit: 'communes', value: '' } },
    averageCriteria: '',
    floorCriteria: '',
  });
  const cmd = useCommand(
    (_: null, o) => {
      const targets: Record<string, number | undefined> = {};
      for (const l of PLAN_LEVELS) targets[v.levels[l].unit === 'percent' ? `${l}Percent` : l] = num(v.levels[l].value);
      const scope = v.scope === 'year' ? { year: num(v.year), targetsAre: v.targetsAre } : { period: v.period };
      return command('/plans', { unitCode: unit, unitMap, ...scope, ...targets, averageCriteria: num(v.averageCriteria), floorCriteria: num(v.floorCriteria) }, o);
    },
    {
      onSuccess: () => void refreshUntilShown(queryClient, v),
    },
  );
  const setLevel = (l: PlanLevel, part: Partial<{ unit: Unit; value: string }>) => setV((s) => ({ ...s, levels: { ...s.levels, [l]: { ...s.levels[l], ...part } } }));
  return (
    <details className="card" id="plan-form">
      <summary>{t('planForm.title', { unit: unitName })}</summary>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          cmd.submit(null);
        }}
      >
        <p className="muted small">{t('planForm.hint')}</p>
        <div className="form-grid">
          <SelectField<Scope> label={t('planForm.scope')} value={v.scope} onChange={(scope) => setV((s) => ({ ...s, scope }))} options={(['period', 'year'] as const).map((x) => ({ value: x, label: t(`planForm.scopes.${x}`) }))} />
          {v.scope === 'period' ? (
            <SelectField<Period> label={t('planForm.period')} value={v.period} onChange={(period) => setV((s) => ({ ...s, period }))} options={PERIODS.map((p) => ({ value: p, label: p }))} errors={cmd.errors.period} />
          ) : (
            <>
              <NumberField label={t('planForm.year')} value={v.year} onChange={(x) => setV((s) => ({ ...s, year: x }))} min={2010} max={2100} errors={cmd.errors.year} />
              <SelectField<'cumulative' | 'additions'>
                label={t('planForm.targetsAre')}
                value={v.targetsAre}
                onChange={(targetsAre) => setV((s) => ({ ...s, targetsAre }))}
                options={(['cumulative', 'additions'] as const).map((x) => ({ value: x, label: t(`planForm.targetsAreOptions.${x}`) }))}
                errors={cmd.errors.targetsAre}
              />
            </>
          )}
        </div>
        <fieldset>
          <legend>{t('planForm.levels')}</legend>
          {PLAN_LEVELS.map((l) => (
            <div className="form-row" key={l}>
              <SelectField<Unit>
                label={t('planForm.targetKind', { level: t(`level.${l}`) })}
                value={v.levels[l].unit}
                onChange={(u) => setLevel(l, { unit: u })}
                options={(['communes', 'percent'] as const).map((x) => ({ value: x, label: t(`planForm.units.${x}`) }))}
              />
              <NumberField
                label={t(v.levels[l].unit === 'percent' ? 'planForm.percentOf' : 'planForm.communesOf', { level: t(`level.${l}`) })}
                value={v.levels[l].value}
                onChange={(x) => setLevel(l, { value: x })}
                min={0}
                max={v.levels[l].unit === 'percent' ? 100 : undefined}
                errors={cmd.errors[v.levels[l].unit === 'percent' ? `${l}Percent` : l]}
              />
            </div>
          ))}
        </fieldset>
        <div className="form-grid">
          <NumberField label={t('planForm.averageCriteria')} value={v.averageCriteria} onChange={(x) => setV((s) => ({ ...s, averageCriteria: x }))} min={0} max={60} errors={cmd.errors.averageCriteria} />
          <NumberField label={t('planForm.floorCriteria')} value={v.floorCriteria} onChange={(x) => setV((s) => ({ ...s, floorCriteria: x }))} min={1} max={60} errors={cmd.errors.floorCriteria} hint={t('planForm.floorHint')} />
        </div>
        <ProblemBox problem={cmd.problem} errors={cmd.errors} />
        {cmd.done && <p role="status">{t('planForm.saved')}</p>}
        <SubmitButton pending={cmd.pending}>{t('planForm.save')}</SubmitButton>
      </form>
    </details>
  );
}
