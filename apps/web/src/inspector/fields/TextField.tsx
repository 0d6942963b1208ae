import { useState } from 'react';
import { useForm, testId } from '../formContext';
import { FieldShell, type FieldProps } from './FieldShell';

/** Params that name one field of the record (a window's `field`, topN's `by`…). */
const NAMES_A_FIELD = /^(field|by|on|labelField)$/;

/** A text; one that names a field offers the fields the node receives. */
export function TextField(props: FieldProps) {
  const { set, fieldNames, nodeId } = useForm();
  const { path, value, required, schema } = props;
  const namesField = NAMES_A_FIELD.test(String(path[path.length - 1]));
  const [options, setOptions] = useState<string[]>([]);
  const listId = `fields-${nodeId}-${testId(path)}`.replace(/\s/g, '_');
  return (
    <FieldShell props={props}>
      {namesField && (
        <datalist id={listId} data-testid={`${testId(path)}-options`}>
          {options.map((f) => (
            <option key={f} value={f} />
          ))}
        </datalist>
      )}
      <input
        {...(namesField ? { list: listId, onFocus: () => setOptions(fieldNames()) } : {})}
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
