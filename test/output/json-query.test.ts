import { describe, expect, it } from 'vitest';
import { compileJsonQuery } from '../../src/output/json-query.js';
import { applyQuery } from '../../src/cli/output-sink.js';
import { formatTsv } from '../../src/output/tsv.js';
import { UsageError } from '../../src/errors.js';

const data = { workspaces: [{ name: 'a', compliant: false, checks: [1] }, { name: 'b', compliant: true, checks: [] }] };

describe('--query (JMESPath)', () => {
  it('filters and projects', () => {
    expect(compileJsonQuery('workspaces[?compliant==`false`].name').apply(data)).toEqual(['a']);
    expect(compileJsonQuery('length(workspaces)').apply(data)).toBe(2);
  });

  it.each([
    ['workspaces[?compliant==`false`', 31, /expected Rbracket/],
    ['a ~ b', 3, /unknown character: ~/],
    ["a.'b", 3, /unexpected token/],
    ['foo(', 5, /.+/],
  ])('a bad expression %j is a UsageError at column %i', (expression, column, message) => {
    let error: unknown;
    try {
      compileJsonQuery(expression);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain(`at column ${column}:`);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('an expression that fails on the data is a UsageError too', () => {
    expect(() => compileJsonQuery('length(`1`)').apply({})).toThrow(UsageError);
  });

  it('queries one JSON document as a whole, JSON lines one line at a time', () => {
    const q = compileJsonQuery('name');
    expect(applyQuery(q, '{\n  "name": "x"\n}\n')).toBe('"x"\n');
    expect(applyQuery(q, '{"name":"a"}\n{"name":"b"}\n')).toBe('"a"\n"b"\n');
    expect(applyQuery(q, '')).toBe('');
  });
});

describe('formatTsv (as az -o tsv)', () => {
  it('prints objects as rows of their scalar fields, scalars one per line, no header', () => {
    expect(formatTsv([{ a: 1, b: 'x\ty', nested: { c: 1 }, list: [1] }, { a: 2, b: null }])).toBe('1\tx y\n2\t\n');
    expect(formatTsv(['a', 'b'])).toBe('a\nb\n');
    expect(formatTsv({ a: true, b: 'z' })).toBe('true\tz\n');
    expect(formatTsv(null)).toBe('');
  });
});
