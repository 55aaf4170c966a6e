import { normaliseText, spendFingerprint } from './fingerprint';

describe('spend fingerprints', () => {
  it('ignore case, spacing, line breaks and Unicode composition', () => {
    const a = spendFingerprint('2026-04-01', '1234.50', 'Café  Research', 'T-1', 'Discovery,\r\nsprint 1');
    const b = spendFingerprint('2026-04-01', '1234.50', ' CAFE\u0301 research ', 't-1', 'discovery, sprint 1');
    expect(a.equals(b)).toBe(true);
    expect(normaliseText('\u00a0A\tB  ')).toBe('a b');
  });

  it('differ when any part of the content differs, including which field a value is in', () => {
    const base = spendFingerprint('2026-04-01', '10.00', 'Acme', 'T-1', null);
    expect(base.equals(spendFingerprint('2026-04-02', '10.00', 'Acme', 'T-1', null))).toBe(false);
    expect(base.equals(spendFingerprint('2026-04-01', '10.01', 'Acme', 'T-1', null))).toBe(false);
    expect(base.equals(spendFingerprint('2026-04-01', '10.00', 'Acme', 'T-2', null))).toBe(false);
    expect(base.equals(spendFingerprint('2026-04-01', '10.00', 'Acme', null, 'T-1'))).toBe(false);
    expect(base.equals(spendFingerprint('2026-04-01', '10.00', 'Acme', 'T-1', ''))).toBe(true);
  });

  it('stay the value already stored in every ledger: SHA-256 of the UTF-8 text, fields joined by the unit separator', () => {
    // Computed before hashing moved to crypto.hash; a change here would let a stored entry be imported again.
    expect(spendFingerprint('2026-04-01', '1234.50', 'Café Research', 'T-1', 'Discovery, sprint 1').toString('hex')).toBe('10871c87c2978ed1c625450ebac6994241ed2c7834609c146bb35ab020cccb8c');
  });
});
