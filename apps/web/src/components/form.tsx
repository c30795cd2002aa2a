import { useId, useState, type ChangeEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, parseDate } from '../format';

/** class-validator's English rule texts in the person's language where the console knows the rule. */
export function ruleText(rule: string, t: (k: 'form.ruleDate' | 'form.ruleEmpty' | 'form.ruleMin' | 'form.ruleMax' | 'form.ruleInteger' | 'form.ruleAtLeast', o?: Record<string, unknown>) => string): string {
  if (/must match .*\\d\{4\}-\\d\{2\}-\\d\{2\}/.test(rule)) return t('form.ruleDate');
  if (/should not be empty|longer than or equal to 1 characters/.test(rule)) return t('form.ruleEmpty');
  let m = /must not be less than (-?\d+)/.exec(rule);
  if (m) return t('form.ruleMin', { n: m[1] });
  m = /must not be greater than (-?\d+)/.exec(rule);
  if (m) return t('form.ruleMax', { n: m[1] });
  if (/must be an integer number/.test(rule)) return t('form.ruleInteger');
  m = /must contain at least (\d+) elements/.exec(rule);
  if (m) return t('form.ruleAtLeast', { n: m[1] });
  return rule;
}

interface FieldProps {
  label: string;
  /** Messages from the server (problem+json `errors[].field`) or the form's own check, shown under the field. */
  errors?: string[];
  hint?: ReactNode;
  children: (a: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
  className?: string;
}

export function Field({ label, errors, hint, children, className }: FieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const invalid = !!errors?.length;
  const describedBy = [invalid ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${invalid ? 'field-invalid' : ''} ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, describedBy, invalid })}
      {hint && (
        <div className="hint" id={hintId}>
          {hint}
        </div>
      )}
      {invalid && (
        <div className="field-error" id={errorId} role="alert">
          {[...new Set(errors!.map((e) => ruleText(e, t)))].join('; ')}
        </div>
      )}
    </div>
  );
}

export function TextField(p: { label: string; value: string; onChange: (v: string) => void; errors?: string[]; hint?: ReactNode; required?: boolean; placeholder?: string; name?: string; type?: string; autoComplete?: string }) {
  return (
    <Field label={p.label} errors={p.errors} hint={p.hint}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          name={p.name}
          type={p.type ?? 'text'}
          value={p.value}
          required={p.required}
          placeholder={p.placeholder}
          autoComplete={p.autoComplete ?? 'off'}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          onChange={(e) => p.onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

export function TextArea(p: { label: string; value: string; onChange: (v: string) => void; errors?: string[]; hint?: ReactNode; rows?: number; name?: string; required?: boolean }) {
  return (
    <Field label={p.label} errors={p.errors} hint={p.hint}>
      {({ id, describedBy, invalid }) => (
        <textarea id={id} name={p.name} rows={p.rows ?? 3} value={p.value} required={p.required} aria-invalid={invalid || undefined} aria-describedby={describedBy} onChange={(e) => p.onChange(e.target.value)} />
      )}
    </Field>
  );
}

export function NumberField(p: { label: string; value: string; onChange: (v: string) => void; errors?: string[]; hint?: ReactNode; min?: number; max?: number; name?: string; required?: boolean }) {
  return (
    <Field label={p.label} errors={p.errors} hint={p.hint}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          name={p.name}
          type="number"
          inputMode="numeric"
          min={p.min}
          max={p.max}
          value={p.value}
          required={p.required}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          onChange={(e: ChangeEvent<HTMLInputElement>) => p.onChange(e.target.value)}
        />
      )}
    </Field>
  );
}

export function SelectField<V extends string>(p: { label: string; value: V | ''; onChange: (v: V) => void; options: { value: V | ''; label: string }[]; errors?: string[]; hint?: ReactNode; name?: string }) {
  return (
    <Field label={p.label} errors={p.errors} hint={p.hint}>
      {({ id, describedBy, invalid }) => (
        <select id={id} name={p.name} value={p.value} aria-invalid={invalid || undefined} aria-describedby={describedBy} onChange={(e) => p.onChange(e.target.value as V)}>
          {p.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function CheckboxField(p: { label: string; checked: boolean; onChange: (v: boolean) => void; errors?: string[]; name?: string }) {
  const id = useId();
  const invalid = !!p.errors?.length;
  return (
    <div className={`field field-check ${invalid ? 'field-invalid' : ''}`}>
      <input id={id} name={p.name} type="checkbox" checked={p.checked} aria-invalid={invalid || undefined} aria-describedby={invalid ? `${id}-error` : undefined} onChange={(e) => p.onChange(e.target.checked)} />
      <label htmlFor={id}>{p.label}</label>
      {invalid && (
        <div className="field-error" id={`${id}-error`} role="alert">
          {p.errors!.join('; ')}
        </div>
      )}
    </div>
  );
}

/**
 * Dates typed as dd/MM/yyyy, whatever the browser's locale (a native date input shows the browser's format); the
 * value held is YYYY-MM-DD, or the raw text while it is not a date, which the server then refuses at this field.
 * Text that is no date is only outlined on blur: a message appearing there would move the buttons under the pointer.
 */
export function DateField(p: { label: string; value: string; onChange: (isoOrText: string) => void; errors?: string[]; hint?: ReactNode; name?: string; required?: boolean }) {
  const [text, setText] = useState(() => (/^\d{4}-\d{2}-\d{2}$/.test(p.value) ? formatDate(p.value) : p.value));
  const [touched, setTouched] = useState(false);
  const notADate = touched && text.trim() !== '' && parseDate(text) === null;
  return (
    <Field label={p.label} errors={p.errors} hint={p.hint} className={notADate ? 'field-suspect' : undefined}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          name={p.name}
          type="text"
          inputMode="numeric"
          placeholder="dd/mm/yyyy"
          value={text}
          required={p.required}
          aria-invalid={invalid || notADate || undefined}
          aria-describedby={describedBy}
          onBlur={() => setTouched(true)}
          onChange={(e) => {
            setText(e.target.value);
            p.onChange(parseDate(e.target.value) ?? e.target.value);
          }}
        />
      )}
    </Field>
  );
}

export function SubmitButton({ pending, children, variant, disabled }: { pending: boolean; children: ReactNode; variant?: 'danger' | 'secondary'; disabled?: boolean }) {
  const { t } = useTranslation();
  return (
    <button type="submit" className={`btn ${variant ? `btn-${variant}` : 'btn-primary'}`} disabled={pending || disabled} aria-busy={pending || undefined}>
      {pending ? t('common.saving') : children}
    </button>
  );
}
