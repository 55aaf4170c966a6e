import { fromPence, isPositiveMoney, normaliseMoney, parseLooseAmount, toPence } from './money';

describe('money', () => {
  it('converts between decimal strings and pence without floats', () => {
    expect(toPence('1234.5')).toBe(123450n);
    expect(toPence('-0.01')).toBe(-1n);
    expect(toPence('9999999999999.99')).toBe(999999999999999n);
    expect(fromPence(123450n)).toBe('1234.50');
    expect(fromPence(-5n)).toBe('-0.05');
    expect(normaliseMoney('007')).toBe('7.00');
    // 0.1 + 0.2 is exact here.
    expect(fromPence(toPence('0.1') + toPence('0.2'))).toBe('0.30');
  });

  it('knows a positive amount', () => {
    expect(isPositiveMoney('0.01')).toBe(true);
    expect(isPositiveMoney('0.00')).toBe(false);
    expect(isPositiveMoney('1.234')).toBe(false);
    expect(isPositiveMoney('12345678901234')).toBe(false);
  });

  it('reads amounts as ledger extracts write them', () => {
    expect(parseLooseAmount('£1,234.50')).toEqual({ ok: true, amount: '1234.50' });
    expect(parseLooseAmount(' 1234.5 ')).toEqual({ ok: true, amount: '1234.50' });
    expect(parseLooseAmount('£ 12,345,678')).toEqual({ ok: true, amount: '12345678.00' });
    expect(parseLooseAmount('GBP 10')).toEqual({ ok: true, amount: '10.00' });
    expect(parseLooseAmount('0.07')).toEqual({ ok: true, amount: '0.07' });
  });

  it('refuses amounts that would need a guess or rounding', () => {
    for (const bad of ['', '-10.00', '(10.00)', '£-5', '1,23.00', '12.345', 'abc', '0.00', '1.2.3', '12345678901234', '1e5']) {
      expect(parseLooseAmount(bad).ok).toBe(false);
    }
    expect(parseLooseAmount('12.345')).toMatchObject({ reason: expect.stringContaining('2 decimal places') });
  });

  it('reads negative amounts only when the import takes credits', () => {
    expect(parseLooseAmount('-20.00', true)).toEqual({ ok: true, amount: '-20.00' });
    expect(parseLooseAmount('(1,020.5)', true)).toEqual({ ok: true, amount: '-1020.50' });
    expect(parseLooseAmount('£-5', true)).toEqual({ ok: true, amount: '-5.00' });
    expect(parseLooseAmount('-£5', true)).toEqual({ ok: true, amount: '-5.00' });
    expect(parseLooseAmount('--5', true).ok).toBe(false);
    expect(parseLooseAmount('(-5)', true).ok).toBe(false);
    expect(parseLooseAmount('-0.00', true).ok).toBe(false);
    expect(parseLooseAmount('-20.00')).toMatchObject({ ok: false, reason: expect.stringContaining('credit_note') });
  });
});
