import { inlineParams } from './inline-params';

describe('inlineParams', () => {
  it('writes each parameter as a literal, $10 apart from $1', () => {
    const params = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'];
    expect(inlineParams('SELECT $1, $10, $2', params)).toBe(`SELECT 'a', 'j', 'b'`);
  });

  it('escapes quotes and backslashes, so a value never ends its literal', () => {
    expect(inlineParams('SELECT $1', [`x'; DROP TABLE projects; --`])).toBe(`SELECT 'x''; DROP TABLE projects; --'`);
    // pg's escapeLiteral writes an E'' string (after a space) when the value holds a backslash.
    expect(inlineParams('SELECT $1', ['a\\b'])).toBe(`SELECT  E'a\\\\b'`);
  });

  it('writes numbers in parentheses, booleans and null', () => {
    expect(inlineParams('SELECT 5-$1, $2, $3', [-3, true, null])).toBe('SELECT 5-(-3), TRUE, NULL');
  });

  it('writes an array of strings as an array literal', () => {
    expect(inlineParams('SELECT $1::uuid[]', [['0190c8a2-0000-7000-8000-000000000001', 'x"y']])).toBe(`SELECT  E'{"0190c8a2-0000-7000-8000-000000000001","x\\\\"y"}'::uuid[]`);
  });

  it('refuses a missing parameter and values it cannot write', () => {
    expect(() => inlineParams('SELECT $2', ['a'])).toThrow('parameter $2 has no value (1 given)');
    expect(() => inlineParams('SELECT $1', [Number.NaN])).toThrow('cannot be written as a literal');
    expect(() => inlineParams('SELECT $1', [{ a: 1 }])).toThrow('cannot be written as a literal (object)');
    expect(() => inlineParams('SELECT $1', [[1, 2]])).toThrow('array of non-strings');
  });
});
