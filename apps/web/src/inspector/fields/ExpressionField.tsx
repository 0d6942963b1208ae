import { checkExpression } from '@rivulet/operators/descriptions';
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { testId, useFieldProblems, useFieldWarnings, useForm } from '../formContext';
import { suggest, tokenBefore, type Suggestion } from './autocomplete';
import { FieldShell, type FieldProps } from './FieldShell';

/**
 * An expression (spec §6): checked as you type by the same checker the engine runs, with
 * autocomplete of the fields upstream and the functions.
 */
export function ExpressionField(props: FieldProps) {
  const { set, fieldNames } = useForm();
  const { path, value, required } = props;
  const text = typeof value === 'string' ? value : '';
  const input = useRef<HTMLInputElement>(null);
  const [open, setOpen] = useState(false);
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [fields, setFields] = useState<string[]>([]);

  const problems = useMemo(() => (text.trim() === '' ? [] : checkExpression(text)), [text]);
  // The engine's own problems show under the field; the local check only fills the gap before them.
  const engineSays = useFieldProblems(path).length > 0;
  // A warning (a field the node does not receive) says more than "valid": it shows instead.
  const warned = useFieldWarnings(path).length > 0;
  const { token, start } = tokenBefore(text, caret);
  const items = open ? suggest(token, fields) : [];

  const accept = (s: Suggestion) => {
    const next = text.slice(0, start) + s.insert + text.slice(caret);
    const at = start + s.insert.length;
    set(path, next);
    setOpen(false);
    requestAnimationFrame(() => {
      input.current?.setSelectionRange(at, at);
      setCaret(at);
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === ' ' && e.ctrlKey) {
      e.preventDefault();
      setOpen(true);
      return;
    }
    if (items.length === 0) return;
    if (e.key === 'ArrowDown') setActive((a) => (a + 1) % items.length);
    else if (e.key === 'ArrowUp') setActive((a) => (a - 1 + items.length) % items.length);
    else if (e.key === 'Enter' || e.key === 'Tab')
      accept(items[Math.min(active, items.length - 1)]!);
    else if (e.key === 'Escape') setOpen(false);
    else return;
    e.preventDefault();
  };

  const hint =
    problems.length > 0 && engineSays ? null : problems.length > 0 ? (
      <div className="field-check bad" data-testid={`${testId(path)}-check`}>
        {problems[0]}
      </div>
    ) : text.trim() !== '' && !warned ? (
      <div className="field-check ok" data-testid={`${testId(path)}-check`}>
        ✓ Expression is valid
      </div>
    ) : null;

  return (
    <FieldShell props={props} hint={hint}>
      <div className="expr">
        <input
          ref={input}
          type="text"
          className="mono"
          value={text}
          placeholder={required ? 'e.g. amount > 1000' : 'optional'}
          onChange={(e) => {
            set(path, e.target.value === '' && !required ? undefined : e.target.value);
            setCaret(e.target.selectionStart ?? e.target.value.length);
            setActive(0);
            setOpen(tokenBefore(e.target.value, e.target.selectionStart ?? 0).token !== '');
          }}
          onFocus={() => setFields(fieldNames())}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart ?? 0)}
          onBlur={() => setOpen(false)}
          onKeyDown={onKeyDown}
          data-testid={testId(path)}
          spellCheck={false}
          autoComplete="off"
          role="combobox"
          aria-expanded={items.length > 0}
        />
        {items.length > 0 && (
          <ul className="autocomplete" role="listbox" data-testid="autocomplete">
            {items.map((s, i) => (
              <li
                key={`${s.kind}-${s.label}`}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'active' : ''}
                onMouseDown={(e) => {
                  e.preventDefault();
                  accept(s);
                }}
                data-testid="autocomplete-item"
              >
                <span className={`ac-kind ${s.kind}`}>{s.kind === 'field' ? 'f' : 'ƒ'}</span>
                <span className="ac-label mono">{s.label}</span>
                <span className="ac-detail">{s.detail}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </FieldShell>
  );
}
