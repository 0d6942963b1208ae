import { useForm, testId } from '../formContext';
import { FieldShell, type FieldProps } from './FieldShell';

export function TextField(props: FieldProps) {
  const { set } = useForm();
  const { path, value, required, schema } = props;
  return (
    <FieldShell props={props}>
      <input
        type="text"
        value={typeof value === 'string' ? value : value === undefined ? '' : String(value)}
        placeholder={
          schema.default !== undefined ? String(schema.default) : required ? 'required' : 'optional'
        }
        onChange={(e) => set(path, e.target.value === '' && !required ? undefined : e.target.value)}
        data-testid={testId(path)}
        spellCheck={false}
      />
    </FieldShell>
  );
}
