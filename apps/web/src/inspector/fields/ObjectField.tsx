import { emptyValue, type JsonSchema } from '../../graph/schema';
import { applies } from '../../graph/conditional';
import { testId, useForm } from '../formContext';
import { FieldShell, type FieldProps } from './FieldShell';

/** The properties of an object, one field each, in the schema's order. */
export function ObjectFields({
  schema,
  path,
  value,
  compact,
}: {
  schema: JsonSchema;
  path: (string | number)[];
  value: unknown;
  compact?: boolean;
}) {
  const { Field } = useForm();
  const obj = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const required = new Set(schema.required ?? []);
  return (
    <>
      {Object.entries(schema.properties ?? {})
        .filter(([key]) => applies(schema, obj, key))
        .map(([key, child]) => (
          <Field
            key={key}
            schema={child}
            path={[...path, key]}
            value={obj[key]}
            required={required.has(key)}
            label={key}
            {...(compact ? { compact } : {})}
          />
        ))}
    </>
  );
}

/** A nested object; when optional, a switch turns it on (with its required fields) or off. */
export function ObjectField(props: FieldProps) {
  const { set } = useForm();
  const { schema, path, value, required } = props;
  const on = value !== undefined && value !== null;
  return (
    <FieldShell props={props}>
      {!required && (
        <label className="switch">
          <input
            type="checkbox"
            checked={on}
            onChange={(e) =>
              set(
                path,
                e.target.checked ? emptyValue({ ...schema, default: undefined }) : undefined,
              )
            }
            data-testid={testId(path)}
          />
          <span className="switch-track" />
          <span className="switch-text">{on ? 'on' : 'off'}</span>
        </label>
      )}
      {(on || required) && (
        <div className="field-group">
          <ObjectFields schema={schema} path={path} value={value} />
        </div>
      )}
    </FieldShell>
  );
}
