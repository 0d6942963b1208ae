import { testId, useForm } from '../formContext';
import { FieldShell, type FieldProps } from './FieldShell';

export function EnumField(props: FieldProps) {
  const { set } = useForm();
  const { path, value, schema, required } = props;
  const options = schema.enum ?? [];
  const current = value ?? schema.default;
  const blank = current === undefined;
  return (
    <FieldShell props={props}>
      <select
        value={blank ? '' : String(current)}
        onChange={(e) => {
          const picked = options.find((o) => String(o) === e.target.value);
          set(path, e.target.value === '' ? undefined : picked);
        }}
        data-testid={testId(path)}
      >
        {(blank || !required) && schema.default === undefined && (
          <option value="">{required ? 'Choose…' : '—'}</option>
        )}
        {options.map((o) => (
          <option key={String(o)} value={String(o)}>
            {String(o)}
            {o === schema.default ? ' (default)' : ''}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}
