/**
 * Text → jsep AST, with the size limits applied before jsep sees the text.
 *
 * jsep is left as it ships, on purpose: its operator tables are module-global, so removing
 * operators would change parsing for any other importer in the same bundle, and an operator
 * that still parses can be refused by the checker with a useful hint (`use pow(x, y)` for `**`,
 * `== is already strict` for `===`) instead of jsep's bare `Unexpected "*"`. The checker is a
 * whitelist of node types and operators, so whatever jsep (or a plugin someone registers)
 * accepts beyond it is refused there.
 */
import jsep from 'jsep';

export type Ast = jsep.Expression;

export const MAX_EXPRESSION_LENGTH = 2000;
export const MAX_NESTING = 64;

export type ParseResult = { ok: true; ast: Ast } | { ok: false; problems: string[] };

export function parseExpression(text: unknown): ParseResult {
  if (typeof text !== 'string') return fail('an expression must be a string');
  if (text.length > MAX_EXPRESSION_LENGTH) {
    return fail(
      `expression is too long (${text.length} characters; at most ${MAX_EXPRESSION_LENGTH})`,
    );
  }
  if (text.trim() === '') return fail('expression is empty');
  if (bracketDepth(text) > MAX_NESTING) return fail(tooDeep());
  try {
    return { ok: true, ast: jsep(text) };
  } catch (e) {
    if (e instanceof RangeError) return fail(tooDeep());
    return fail(describeSyntaxError(text, e));
  }
}

export function tooDeep(): string {
  return `expression is nested too deeply (more than ${MAX_NESTING} levels)`;
}

function fail(problem: string): ParseResult {
  return { ok: false, problems: [problem] };
}

/** Deepest nesting of ( and [ outside string literals; jsep recurses once per level. */
function bracketDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== '') {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '(' || c === '[') {
      deepest = Math.max(deepest, ++depth);
    } else if (c === ')' || c === ']') {
      depth--;
    }
  }
  return deepest;
}

/** jsep's message with a hint when the offending character says what the writer meant. */
function describeSyntaxError(text: string, e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const index = (e as { index?: unknown } | null)?.index;
  const at = typeof index === 'number' ? text.slice(index) : '';
  const hint = hintFor(text, at);
  return hint === '' ? `syntax error: ${message}` : `syntax error: ${message} (${hint})`;
}

function hintFor(text: string, at: string): string {
  if (at.startsWith('=>') || /=>/.test(stripStrings(text)))
    return 'arrow functions are not supported';
  if (at.startsWith('=')) return 'assignment is not supported; compare with ==';
  if (at.startsWith('`') || stripStrings(text).includes('`')) {
    return 'template literals are not supported; join text with + or concat()';
  }
  if (at.startsWith('/')) return 'regular expressions are not supported';
  if (at.startsWith('{')) return 'object literals and blocks are not supported';
  return '';
}

function stripStrings(text: string): string {
  return text.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
}
