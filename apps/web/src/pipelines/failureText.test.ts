import { describe, expect, it } from 'vitest';
import { failureReason, failureSentence, withoutPaths } from './failureText';

describe('failure text', () => {
  it('cuts absolute paths to their file name and drops the data folder marker', () => {
    expect(withoutPaths('cannot read "/home/ann/data/in.csv": no such file')).toBe(
      'cannot read "in.csv": no such file',
    );
    expect(withoutPaths('open C:\\Users\\ann\\in.csv failed')).toBe('open in.csv failed');
    expect(withoutPaths('checkpoint <data>/checkpoints/7.json unreadable')).toBe(
      'checkpoint checkpoints/7.json unreadable',
    );
    // Not paths: ratios, dates, a relative path.
    expect(withoutPaths('rate 3/4 on 2026/01/02 of out/a.jsonl')).toBe(
      'rate 3/4 on 2026/01/02 of out/a.jsonl',
    );
  });

  it('says the node once', () => {
    const failure = { nodeId: 'rows', message: 'node "rows": unterminated quote at line 1' };
    expect(failureReason(failure)).toBe('unterminated quote at line 1');
    expect(failureSentence(failure)).toBe(
      'the run failed at node "rows": unterminated quote at line 1',
    );
    expect(failureSentence({ message: 'out of memory' })).toBe('the run failed: out of memory');
  });
});
