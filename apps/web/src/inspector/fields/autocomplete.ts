import { EXPRESSION_FUNCTION_DOCS } from '@rivulet/operators/descriptions';

export interface Suggestion {
  label: string;
  kind: 'field' | 'function';
  detail: string;
  insert: string;
}

/** The name being typed just before the caret, and where it starts. */
export function tokenBefore(text: string, caret: number): { token: string; start: number } {
  const m = /[A-Za-z_][A-Za-z0-9_]*$/.exec(text.slice(0, caret));
  return m ? { token: m[0], start: caret - m[0].length } : { token: '', start: caret };
}

/** Fields then functions that start with (then contain) the token; all of them when it is empty. */
export function suggest(token: string, fields: readonly string[], limit = 8): Suggestion[] {
  const t = token.toLowerCase();
  const all: Suggestion[] = [
    ...fields.map((f) => ({ label: f, kind: 'field' as const, detail: 'field', insert: f })),
    ...EXPRESSION_FUNCTION_DOCS.map((d) => ({
      label: d.name,
      kind: 'function' as const,
      detail: d.signature,
      insert: `${d.name}(`,
    })),
  ];
  const starts = all.filter((s) => s.label.toLowerCase().startsWith(t) && s.label !== token);
  const contains = all.filter(
    (s) => !s.label.toLowerCase().startsWith(t) && s.label.toLowerCase().includes(t),
  );
  return [...starts, ...contains].slice(0, limit);
}
