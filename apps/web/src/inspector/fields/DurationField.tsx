import { parseDuration } from '@rivulet/shared-types';
import { testId, useForm } from '../formContext';
import { FieldShell, type FieldProps } from './FieldShell';

function describeMs(ms: number): string {
  if (ms < 0) return `−${describeMs(-ms)}`;
  if (ms === 0) return '0 ms';
  const units: [number, string][] = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1000, 's'],
  ];
  for (const [size, name] of units)
    if (ms >= size && ms % (size / 10) === 0) return `${ms / size} ${name}`;
  return `${ms.toLocaleString('en')} ms`;
}

/** A duration as text ("10s", "1.5m", 500): checked as you type, its length shown. */
export function DurationField(props: FieldProps) {
  const { set } = useForm();
  const { path, value, schema, required } = props;
  const text = value === undefined || value === null ? '' : String(value);
  // A signed duration (join bounds) may start with a minus sign.
  const signed = schema.format === 'signed-duration';
  const negative = signed && /^\s*-/.test(text);
  const magnitude = negative ? text.replace(/^\s*-/, '') : text;
  const parsed =
    text === '' ? null : parseDuration(typeof value === 'number' ? Math.abs(value) : magnitude);
  const ms =
    parsed === null
      ? null
      : negative || (typeof value === 'number' && value < 0)
        ? -parsed
        : parsed;
  const hint =
    text === '' ? null : ms === null ? (
      <div className="field-check bad">Not a duration: write e.g. 500ms, 10s, 1.5m, 2h or 1d</div>
    ) : (
      <div className="field-check ok">= {describeMs(ms)}</div>
    );
  return (
    <FieldShell props={props} hint={hint}>
      <input
        type="text"
        value={text}
        placeholder={
          schema.default !== undefined
            ? `${String(schema.default)} (default)`
            : required
              ? 'e.g. 10s'
              : 'e.g. 10s (optional)'
        }
        onChange={(e) => {
          const t = e.target.value.trim();
          set(path, t === '' ? undefined : /^-?\d+$/.test(t) ? Number(t) : e.target.value);
        }}
        data-testid={testId(path)}
        spellCheck={false}
      />
    </FieldShell>
  );
}
