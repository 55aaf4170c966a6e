import { csvCell, csvLine } from './csv';

describe('spreadsheet-safe CSV', () => {
  it('neutralises formulas', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1+A1')).toBe("'-1+A1");
    expect(csvCell('-120.00')).toBe('-120.00');
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('\rx')).toBe(`"'\rx"`);
  });

  it('quotes delimiters and leaves plain text alone', () => {
    expect(csvCell('Acme, Ltd')).toBe('"Acme, Ltd"');
    expect(csvCell('a\nb')).toBe('"a\nb"');
    expect(csvCell('1234.50')).toBe('1234.50');
    expect(csvCell(null)).toBe('');
    expect(csvLine(['a', true, 3])).toBe('a,true,3\r\n');
  });
});
