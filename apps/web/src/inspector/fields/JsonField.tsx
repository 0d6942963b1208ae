import { testId, useForm } from '../formContext';
import { FieldShell, type FieldProps } from './FieldShell';
import { useDraft } from './useDraft';

/** Anything the other fields do not cover, as JSON text. */
export function JsonField(props: FieldProps) {
  const { set } = useForm();
  const { path, value } = props;
  const draft = useDraft(value === undefined ? '' : JSON.stringify(value));
  let bad = false;
  try {
    if (draft.text.trim() !== '') JSON.parse(draft.text);
  } catch {
    bad = true;
  }
  return (
    <FieldShell
      props={props}
      hint={bad ? <div className="field-check bad">Not valid JSON yet</div> : null}
    >
      <textarea
        rows={2}
        value={draft.text}
        onFocus={draft.onFocus}
        onBlur={draft.onBlur}
        onChange={(e) => {
          draft.type(e.target.value);
          const t = e.target.value.trim();
          if (t === '') return set(path, undefined);
          try {
            set(path, JSON.parse(t));
          } catch {
            /* keep typing */
          }
        }}
        data-testid={testId(path)}
        spellCheck={false}
      />
    </FieldShell>
  );
}
