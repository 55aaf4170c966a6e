import { Problem } from '../errors/problem';
import { assertVersion, IF_MATCH_ANY, requireIfMatch } from './if-match';

const statusOf = (fn: () => unknown): number | undefined => {
  try {
    fn();
    return undefined;
  } catch (error) {
    return (error as Problem).status;
  }
};

describe('If-Match (RFC 9110 §13.1.1)', () => {
  it('matches a strong tag against the current version only', () => {
    expect(statusOf(() => assertVersion(requireIfMatch('"3"'), 3))).toBeUndefined();
    expect(statusOf(() => assertVersion(requireIfMatch('"2"'), 3))).toBe(412);
  });

  it('never matches a weak tag: If-Match compares strongly', () => {
    expect(statusOf(() => assertVersion(requireIfMatch('W/"3"'), 3))).toBe(412);
    expect(statusOf(() => assertVersion(requireIfMatch('W/"3", "3"'), 3))).toBeUndefined();
  });

  it('lets * match whatever version is current', () => {
    expect(requireIfMatch(' * ')).toBe(IF_MATCH_ANY);
    expect(statusOf(() => assertVersion(requireIfMatch('*'), 41))).toBeUndefined();
  });

  it('is 428 when absent and 400 when unreadable', () => {
    expect(statusOf(() => requireIfMatch(undefined))).toBe(428);
    expect(statusOf(() => requireIfMatch('  '))).toBe(428);
    expect(statusOf(() => requireIfMatch('"abc"'))).toBe(400);
    expect(statusOf(() => requireIfMatch('"3", nonsense'))).toBe(400);
  });
});
