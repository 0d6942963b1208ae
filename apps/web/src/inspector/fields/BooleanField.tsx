import { testId, useForm } from '../formContext';
import { FieldShell, type FieldProps } from './FieldShell';

export function BooleanField(props: FieldProps) {
  const { set } = useForm();
  const { path, value, schema } = props;
  const checked = value === undefined ? schema.default === true : value === true;
  return (
    <FieldShell props={props} inline>
      <label className="switch">
        <input
          type="checkbox"
          checked={checked}
          onChange={(e) => set(path, e.target.checked)}
          data-testid={testId(path)}
        />
        <span className="switch-track" />
        <span className="switch-text">{checked ? 'on' : 'off'}</span>
      </label>
    </FieldShell>
  );
}
