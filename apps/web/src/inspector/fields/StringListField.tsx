import { testId, useForm } from '../formContext';
import { FieldShell, type FieldProps } from './FieldShell';
import { useDraft } from './useDraft';

const parse = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** A list of names typed as a comma list, shown as chips. */
export function StringListField(props: FieldProps) {
  const { set } = useForm();
  const { path, value, required } = props;
  const list = Array.isArray(value) ? value.map(String) : [];
  const draft = useDraft(list.join(', '));
  return (
    <FieldShell props={props}>
      <input
        type="text"
        value={draft.text}
        placeholder="name, other name"
        onFocus={draft.onFocus}
        onBlur={draft.onBlur}
        onChange={(e) => {
          draft.type(e.target.value);
          const items = parse(e.target.value);
          set(path, items.length === 0 && !required ? undefined : items);
        }}
        data-testid={testId(path)}
        spellCheck={false}
      />
      {list.length > 0 && (
        <div className="chips">
          {list.map((item, i) => (
            <span key={`${item}-${i}`} className="chip-item">
              {item}
              <button
                type="button"
                aria-label={`Remove ${item}`}
                onClick={() => {
                  const next = list.filter((_, j) => j !== i);
                  set(path, next.length === 0 && !required ? undefined : next);
                }}
              >
                ×
              </button>
            </span>
          ))}
        </div>
      )}
    </FieldShell>
  );
}
