import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { commands } from '../../api/client';
import { CheckboxField, SubmitButton } from '../../components/form';
import { KeyValues, ProblemBox, Section } from '../../components/ui';
import { useCommand } from '../../components/useCommand';
import { useDossier } from './context';

const CONDITION_UNMET = new Set(['construction-debt-undeclared', 'construction-debt-outstanding', 'security-undeclared', 'complex-security-area', 'not-registered-in-plan']);

export function ConditionsSection() {
  const { t } = useTranslation();
  const { dossier, me, unmet, commandOptions } = useDossier();
  const c = dossier.record?.conditions ?? null;
  const editable = dossier.status === 'drafting' && me.role === 'commune_officer';
  const [debt, setDebt] = useState(c?.hasConstructionDebt ?? false);
  const [security, setSecurity] = useState(c?.isComplexSecurityArea ?? false);
  const [inPlan, setInPlan] = useState(c?.registeredInPlan ?? true);
  const cmd = useCommand(
    (_: null, o) => commands.conditions(dossier.dossierId, { hasConstructionDebt: debt, isComplexSecurityArea: security, registeredInPlan: inPlan }, o),
    commandOptions,
  );
  const flagged = unmet.filter((u) => CONDITION_UNMET.has(u.kind));
  const yesNo = (v: boolean | null | undefined) => (v === null || v === undefined ? '—' : v ? t('common.yes') : t('common.no'));

  return (
    <Section title={t('conditions.title')} id="conditions">
      {flagged.length > 0 && (
        <div role="alert">
      <ul className="inline-unmet">
          {flagged.map((u) => (
            <li key={u.kind}>{t(`unmet.${u.kind}`)}</li>
          ))}
        </ul>
      </div>
      )}
      {editable ? (
        <form
          onSubmit={(e: FormEvent) => {
            e.preventDefault();
            cmd.submit(null);
          }}
        >
          <CheckboxField label={t('conditions.debt')} checked={debt} onChange={setDebt} errors={cmd.errors.hasConstructionDebt} />
          <CheckboxField label={t('conditions.security')} checked={security} onChange={setSecurity} errors={cmd.errors.isComplexSecurityArea} />
          <CheckboxField label={t('conditions.inPlan')} checked={inPlan} onChange={setInPlan} errors={cmd.errors.registeredInPlan} />
          <ProblemBox problem={cmd.problem} errors={cmd.errors} />
          <div className="form-actions">
            <SubmitButton pending={cmd.pending}>{t('conditions.save')}</SubmitButton>
          </div>
        </form>
      ) : c ? (
        <KeyValues
          rows={[
            [t('conditions.debt'), yesNo(c.hasConstructionDebt)],
            [t('conditions.security'), yesNo(c.isComplexSecurityArea)],
            [t('conditions.inPlan'), yesNo(c.registeredInPlan)],
          ]}
        />
      ) : (
        <p className="empty">{t('conditions.none')}</p>
      )}
    </Section>
  );
}
