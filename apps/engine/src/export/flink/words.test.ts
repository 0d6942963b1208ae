import { describe, expect, it } from 'vitest';
import { expressionToSql, type Sql } from './expr.js';

describe('hasWord and hasAnyWord in Flink SQL', () => {
  const scope = (name: string): Sql | null =>
    (({
      s: { text: '`s`', kind: 'string' },
      n: { text: '`n`', kind: 'number' },
    })[name] as Sql | undefined) ?? null;
  const sql = (text: string) => {
    const t = expressionToSql(text, scope);
    return t.ok ? t.sql : t.problems;
  };
  const SEP = '[^\\p{L}\\p{N}\\p{M}]';

  it('is a Java regular expression over LOWER(s) made of the phrases’ words only', () => {
    expect(sql("hasWord(s, 'Owe')")).toEqual({
      text: `REGEXP(LOWER(\`s\`), '(^|${SEP})(owe)(${SEP}|$)')`,
      kind: 'boolean',
    });
    expect(sql("hasAnyWord(s, 'refund', \"I'm done\", '')")).toEqual({
      text: `REGEXP(LOWER(\`s\`), '(^|${SEP})(refund|i${SEP}+m${SEP}+done)(${SEP}|$)')`,
      kind: 'boolean',
    });
  });

  it('keeps the last word of a phrase ending in * open', () => {
    expect(sql("hasAnyWord(s, 'cancel*', 'close my acc *')")).toEqual({
      text: `REGEXP(LOWER(\`s\`), '(^|${SEP})(cancel[\\p{L}\\p{N}\\p{M}]*|close${SEP}+my${SEP}+acc[\\p{L}\\p{N}\\p{M}]*)(${SEP}|$)')`,
      kind: 'boolean',
    });
  });

  it('is null for a text that is not a string, as in Rivulet, and refuses phrases from data', () => {
    expect(sql("hasWord(n, 'a')")).toMatchObject({ text: 'NULL' });
    expect(sql('hasWord(s, s)')).toEqual([expect.stringContaining('literal phrases')]);
  });
});
