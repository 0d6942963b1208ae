import { describe, expect, it } from 'vitest';
import { evaluateExpression } from './index.js';
import { wordsOf } from './functions.js';

const has = (text: string, ...phrases: string[]) =>
  evaluateExpression(`hasAnyWord(text, ${phrases.map((p) => JSON.stringify(p)).join(', ')})`, {
    text,
  });

describe('hasWord / hasAnyWord: whole words, no case, no regular expression over the text', () => {
  it('splits on anything but letters, marks and digits, in any script', () => {
    expect(wordsOf("I'm DONE -- really!")).toBe('i m done really ');
    expect(wordsOf('Café, naïve 2fa; Ärger')).toBe('café naïve 2fa ärger ');
    expect(wordsOf('  ...  ')).toBe('');
    expect(wordsOf('日本 語')).toBe('日本 語 ');
  });

  it('matches whole words and runs of words, never parts of a word', () => {
    expect(has('The courier never showed up.', 'owe')).toBe(false);
    expect(has('How much do I owe you?', 'owe')).toBe(true);
    expect(has('My app crashed', 'app')).toBe(true);
    expect(has('I approve', 'app')).toBe(false);
    expect(has("I'm done with you", "i'm done")).toBe(true);
    expect(has('I am done', "i'm done")).toBe(false);
    expect(has('Please close my account.', 'close my account')).toBe(true);
    expect(has('Please close my accounts.', 'close my account')).toBe(false);
    expect(has('my account close', 'close my account')).toBe(false);
    expect(has('Money   back,please', 'money back')).toBe(true);
    expect(has('REFUND now', 'refund')).toBe(true);
  });

  it('matches the last word of a phrase ending in * as a prefix', () => {
    expect(has('It was cancelled yesterday', 'cancel*')).toBe(true);
    expect(has('I want to cancel', 'cancel*')).toBe(true);
    expect(has('a precancelled order', 'cancel*')).toBe(false);
    expect(has('Close my accounts now', 'close my acc*')).toBe(true);
    expect(has('Close, my own account', 'close my acc*')).toBe(false);
    expect(has('anything', '*')).toBe(false);
  });

  it('is false for a phrase without a word, and for no phrase matched', () => {
    expect(has('anything', '')).toBe(false);
    expect(has('anything', '!!')).toBe(false);
    expect(has('', 'a')).toBe(false);
    expect(evaluateExpression("hasWord(t, 'a')", { t: 3 })).toBe(null);
  });

  it('costs the length of the text: a long hostile text is read in linear time', () => {
    const hostile = 'a'.repeat(200_000) + '!'.repeat(200_000) + 'ab '.repeat(100_000);
    const started = Date.now();
    expect(has(hostile, 'a a', 'ab ab ab ab x', 'b')).toBe(false);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
