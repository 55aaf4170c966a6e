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
});
