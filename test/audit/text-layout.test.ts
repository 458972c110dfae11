import { describe, expect, it } from 'vitest';
import { fitColumns, truncate, wrap } from '../../src/audit/format/text-layout.js';

describe('text layout', () => {
  it('truncate keeps short text and marks cut text with an ellipsis', () => {
    expect(truncate('abc', 3)).toBe('abc');
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abcdef', 1)).toBe('…');
    expect(truncate('abcdef', 0)).toBe('');
  });

  it('fitColumns shrinks the widest column first and respects minimums', () => {
    expect(fitColumns([10, 4, 6], [2, 2, 2], 1, 22)).toEqual([10, 4, 6]);
    expect(fitColumns([10, 4, 6], [2, 2, 2], 1, 16)).toEqual([5, 4, 5]);
    expect(fitColumns([10, 4], [8, 4], 1, 5)).toEqual([8, 4]); // cannot go below the minimums
  });

  it('wrap breaks at spaces, indents, hangs and splits over-long words', () => {
    expect(wrap('one two three four', 10, '', '  ')).toEqual(['one two', '  three', '  four']);
    expect(wrap('abcdefghijkl', 6, '  ')).toEqual(['  abcd', '  efgh', '  ijkl']);
    expect(wrap('', 10, '> ')).toEqual(['> ']);
  });
});
