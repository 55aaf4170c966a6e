import fc from 'fast-check';
import { hashToken, issueToken, parseToken, sameHash } from './token-secret';

describe('token format', () => {
  it('issues tokens that parse back to their lookup id and hash', () => {
    const issued = issueToken();
    expect(issued.token).toMatch(/^kpit_[0-9a-f]{16}_[0-9A-Za-z]{49}$/);
    expect(parseToken(issued.token)).toBe(issued.lookupId);
    expect(sameHash(hashToken(issued.token), issued.secretHash)).toBe(true);
  });

  it('rejects any single-character change through the checksum', () => {
    const { token } = issueToken();
    fc.assert(
      fc.property(fc.integer({ min: 22, max: token.length - 1 }), fc.constantFrom(...'abcXYZ019'), (index, ch) => {
        fc.pre(token[index] !== ch);
        const altered = token.slice(0, index) + ch + token.slice(index + 1);
        expect(parseToken(altered)).toBeNull();
      }),
    );
  });

  it('rejects strings that are not tokens', () => {
    expect(parseToken('')).toBeNull();
    expect(parseToken('Bearer x')).toBeNull();
    expect(parseToken(`kpit_${'0'.repeat(16)}_${'a'.repeat(49)}`)).toBeNull();
  });
});
