import { emptyValue, type JsonSchema } from '../../graph/schema';
import { humanize, testId, useForm } from '../formContext';
import { FieldShell, type FieldProps } from './FieldShell';

/** A list of objects as rows (a window's aggregations): one column per property; add and remove. */
export function ObjectListField(props: FieldProps) {
  const { set, Field } = useForm();
  const { schema, path, value } = props;
  const item = schema.items as JsonSchema;
  const rows = Array.isArray(value)
    ? value
    : Array.isArray(schema.default)
      ? (schema.default as unknown[])
      : [];
  const columns = Object.entries(item.properties ?? {});
  const required = new Set(item.required ?? []);
  const grid = { gridTemplateColumns: `${columns.map(() => 'minmax(0, 1fr)').join(' ')} 28px` };
  return (
    <FieldShell props={props}>
      <div className="rows" data-testid={testId(path)}>
        {rows.length > 0 && (
          <div className="row row-head" style={grid}>
            {columns.map(([key, col]) => (
              <span key={key} title={col.description}>
                {humanize(key)}
                {required.has(key) && <span className="field-required">*</span>}
              </span>
            ))}
            <span />
          </div>
        )}
        {rows.map((row, i) => (
          <div key={i} className="row" style={grid}>
            {columns.map(([key, col]) => (
              <Field
                key={key}
                schema={col}
                path={[...path, i, key]}
                value={(row as Record<string, unknown> | null)?.[key]}
                required={required.has(key)}
                compact
              />
            ))}
            <button
              type="button"
              className="row-remove"
              title="Remove this row"
              onClick={() =>
                set(
                  path,
                  rows.filter((_, j) => j !== i),
                )
              }
              data-testid={`${testId([...path, i])}-remove`}
            >
              ×
            </button>
          </div>
        ))}
        <button
          type="button"
          className="btn row-add"
          onClick={() => set(path, [...rows, emptyValue({ ...item, default: undefined })])}
          data-testid={`${testId(path)}-add`}
        >
          + Add
        </button>
      </div>
    </FieldShell>
  );
}
