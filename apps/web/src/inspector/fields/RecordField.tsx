import { emptyValue, type JsonSchema } from '../../graph/schema';
import { testId, useForm } from '../formContext';
import { FieldShell, type FieldProps } from './FieldShell';

/** Renames one key, keeping the order of the others. */
function renameKey(
  obj: Record<string, unknown>,
  from: string,
  to: string,
): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k === from ? to : k, v]));
}

/** A record (map's `fields`): rows of a name and a value edited by the value schema. */
export function RecordField(props: FieldProps) {
  const { set, Field } = useForm();
  const { schema, path, value } = props;
  const valueSchema = schema.additionalProperties as JsonSchema;
  const obj = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const entries = Object.entries(obj);
  const freshName = () => {
    for (let i = 1; ; i++) if (!(`field${i}` in obj)) return `field${i}`;
  };
  return (
    <FieldShell props={props}>
      <div className="rows" data-testid={testId(path)}>
        {entries.map(([key, v], i) => {
          const clash = (name: string) => name !== key && name in obj;
          return (
            // Rows are keyed by position so the name keeps focus while it is retyped.
            <div key={i} className="row record-row">
              <input
                type="text"
                className="record-name mono"
                value={key}
                aria-label="Name"
                onChange={(e) => {
                  const name = e.target.value;
                  if (name === '' || clash(name)) return;
                  set(path, renameKey(obj, key, name));
                }}
                data-testid={`${testId([...path, key])}-name`}
                spellCheck={false}
              />
              <span className="record-eq">=</span>
              <Field schema={valueSchema} path={[...path, key]} value={v} required compact />
              <button
                type="button"
                className="row-remove"
                title="Remove this field"
                onClick={() => set(path, Object.fromEntries(entries.filter(([k]) => k !== key)))}
                data-testid={`${testId([...path, key])}-remove`}
              >
                ×
              </button>
            </div>
          );
        })}
        <button
          type="button"
          className="btn row-add"
          onClick={() => set(path, { ...obj, [freshName()]: emptyValue(valueSchema) })}
          data-testid={`${testId(path)}-add`}
        >
          + Add
        </button>
      </div>
    </FieldShell>
  );
}
