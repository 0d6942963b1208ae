import { testId, useForm } from '../formContext';
import { FieldShell, type FieldProps } from './FieldShell';
import { useDraft } from './useDraft';

/** A union of a number and a text (an instant as ms or ISO text): digits become a number. */
export function NumberOrTextField(props: FieldProps) {
  const { set } = useForm();
  const { path, value } = props;
  const draft = useDraft(value === undefined || value === null ? '' : String(value));
  return (
    <FieldShell props={props}>
      <input
        type="text"
        value={draft.text}
        placeholder={props.required ? 'required' : 'optional'}
        onFocus={draft.onFocus}
        onBlur={draft.onBlur}
        onChange={(e) => {
          const text = e.target.value.trim();
          draft.type(e.target.value);
          set(path, text === '' ? undefined : /^-?\d+$/.test(text) ? Number(text) : text);
        }}
        data-testid={testId(path)}
      />
    </FieldShell>
  );
}
