import { firstDuplicateKey } from './json-duplicates';

describe('firstDuplicateKey', () => {
  it('finds a repeated key at any depth and names its path', () => {
    expect(firstDuplicateKey('{"a":1,"a":2}')).toBe('a');
    expect(firstDuplicateKey('{"x":{"b":1, "c":2 ,"b" : 3}}')).toBe('x.b');
    expect(firstDuplicateKey('{"items":[{"v":1},{"v":1,"v":2}]}')).toBe('items.1.v');
  });

  it('passes objects whose keys differ, including keys that only look alike', () => {
    expect(firstDuplicateKey('{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}')).toBeNull();
    expect(firstDuplicateKey('{"a":"\\"a\\":","\\u0061b":1}')).toBeNull();
    expect(firstDuplicateKey('[1,"a",{"k":"k"}]')).toBeNull();
  });

  it('treats escaped spellings of one key as the same key', () => {
    expect(firstDuplicateKey('{"a":1,"\\u0061":2}')).toBe('a');
  });
});
