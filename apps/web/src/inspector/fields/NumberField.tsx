import { isInteger } from '../../graph/schema';
import { testId, useForm } from '../formContext';
import { FieldShell, type FieldProps } from './FieldShell';
import { useDraft } from './useDraft';

/** Numbers; text that is not a number is kept as typed so the validator says what is wrong. */
export function NumberField(props: FieldProps) {
  const { set } = useForm();
  const { path, value, schema } = props;
  const draft = useDraft(value === undefined || value === null ? '' : String(value));
  return (
    <FieldShell props={props}>
      <input
        type="text"
        inputMode={isInteger(schema) ? 'numeric' : 'decimal'}
        value={draft.text}
        placeholder={
          schema.default !== undefined
            ? String(schema.default)
            : props.required
              ? 'required'
              : 'optional'
        }
        onFocus={draft.onFocus}
        onBlur={draft.onBlur}
        onChange={(e) => {
          const text = e.target.value;
          draft.type(text);
          const n = Number(text.trim());
          set(path, text.trim() === '' ? undefined : Number.isFinite(n) ? n : text);
        }}
        data-testid={testId(path)}
      />
    </FieldShell>
  );
}
