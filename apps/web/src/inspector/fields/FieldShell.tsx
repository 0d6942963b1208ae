import type { ReactNode } from 'react';
import { humanize, useFieldProblems, useFieldWarnings, type FieldProps } from '../formContext';
import { withCode } from '../withCode';

export type { FieldProps } from '../formContext';

/** Label with its required mark, the control, the help text and the field's problems. */
export function FieldShell({
  props,
  children,
  hint,
  inline,
}: {
  props: FieldProps;
  children: ReactNode;
  hint?: ReactNode;
  inline?: boolean;
}) {
  const { schema, path, required, label, compact } = props;
  const problems = useFieldProblems(path);
  const warnings = useFieldWarnings(path);
  const key = String(path[path.length - 1] ?? '');
  return (
    <div
      className={`field${problems.length > 0 ? ' invalid' : ''}${compact ? ' compact' : ''}${inline ? ' inline' : ''}`}
    >
      {label !== undefined && (
        <label className="field-label" title={key}>
          {humanize(label)}
          {required && (
            <span className="field-required" title="Required">
              *
            </span>
          )}
        </label>
      )}
      {children}
      {hint}
      {!compact && schema.description && (
        <div className="field-help">{withCode(schema.description)}</div>
      )}
      {problems.map((p, i) => (
        <div key={i} className="field-problem" data-testid="field-problem">
          {p.message}
        </div>
      ))}
      {warnings.map((w, i) => (
        <div key={i} className="field-warning" data-testid="field-warning">
          {w.message}
        </div>
      ))}
    </div>
  );
}
