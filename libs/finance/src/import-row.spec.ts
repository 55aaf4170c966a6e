import { parseImportMapping } from './import-mapping';
import { spendFingerprint } from './fingerprint';
import { compileRowReader, copyBytea, dateReader } from './import-row';

const WINDOW = { earliest: '2000-01-01', latest: '2099-12-31' };

describe('import mapping and rows', () => {
  it('reads dates in the declared format and refuses impossible ones', () => {
    expect(dateReader('dd/MM/yyyy')('14/05/2026')).toEqual({ year: 2026, month: 5, day: 14 });
    expect(dateReader('dd/MM/yyyy')('1/5/2026 00:00')).toEqual({ year: 2026, month: 5, day: 1 });
    expect(dateReader('dd/MM/yyyy')('31/02/2026')).toBeNull();
    expect(dateReader('dd/MM/yyyy')('2026-05-14')).toBeNull();
    expect(dateReader('yyyy-MM-dd')('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
    expect(dateReader('MM/dd/yyyy')('05/14/2026')).toEqual({ year: 2026, month: 5, day: 14 });
  });

  it('validates the mapping and names the field', () => {
    const bad = parseImportMapping({ columns: { amount: 'Net' }, dateFormat: 'dd/mm/yy', skipRows: -1, extra: 1 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.errors.map((e) => e.field).sort()).toEqual(['mapping.columns.projectCode', 'mapping.columns.spentOn', 'mapping.columns.supplier', 'mapping.dateFormat', 'mapping.extra', 'mapping.skipRows']);
    }
    expect(parseImportMapping('x').ok).toBe(false);
  });

  it('turns a messy row into a COPY line and explains a refused one', () => {
    const parsed = parseImportMapping({
      columns: { spentOn: 'Invoice Date', amount: 'Net Amount', supplier: 'Supplier Name', reference: 'Transaction No', projectCode: 'Cost Centre', description: 'Narrative' },
      defaults: { costType: 'suppliers' },
      dateFormat: 'dd/MM/yyyy',
    });
    if (!parsed.ok) throw new Error('mapping should be valid');
    const compiled = compileRowReader({
      mapping: parsed.mapping,
      header: [' Invoice Date', 'Cost Centre', 'Supplier Name', 'Net Amount', 'Transaction No', 'Narrative'],
      projectsByCode: new Map([['cs-01', 'p-1']]),
      defaultProjectOk: false,
      startMonth: 4,
      organisationId: 'org',
      importId: 'imp',
      tokenId: null,
      window: WINDOW,
    });
    if (!compiled.ok) throw new Error(compiled.reason);
    const row = compiled.read(['31/03/2026', 'CS-01', 'Acme, Ltd', '£1,234.50', 'T-1', 'tab\there']);
    expect(row).toMatchObject({ ok: true, projectId: 'p-1', financialYear: '2025-26', amount: '1234.50', pence: 123450n });
    if (row.ok) expect(row.copyLine).toBe(`org\tp-1\t2025-26\t2026-03-31\t1234.50\tGBP\tresource\tsuppliers\tAcme, Ltd\tf\tT-1\ttab\\there\timp\timport\t\\N\t${copyBytea(spendFingerprint('2026-03-31', '1234.50', 'Acme, Ltd', 'T-1', 'tab\there'))}\tpayment\t\\N\tf\n`);
    expect(compiled.read(['31/03/2026', 'XX-99', 'Acme', '1.00', '', ''])).toMatchObject({ ok: false, reason: expect.stringContaining('XX-99') });
    expect(compiled.read(['2026-03-31', 'CS-01', 'Acme', '1.00', '', ''])).toMatchObject({ ok: false, reason: expect.stringContaining('dd/MM/yyyy') });
    expect(compiled.read(['01/04/2026', 'CS-01', 'Acme'])).toMatchObject({ ok: false, reason: 'amount is empty' });
    expect(compiled.read(['31/12/1999', 'CS-01', 'Acme', '1.00', '', ''])).toMatchObject({ ok: false, reason: expect.stringContaining('outside the accepted window') });
    expect(compiled.read(['01/01/2100', 'CS-01', 'Acme', '1.00', '', ''])).toMatchObject({ ok: false, reason: expect.stringContaining('2000-01-01 to 2099-12-31') });
  });

  it('refuses a header without a mapped column', () => {
    const parsed = parseImportMapping({ columns: { spentOn: 'Date', amount: 'Amount' }, defaults: { projectId: '0d6f3a52-4a1c-4c55-9d8e-2f3b2b1c9e11', supplier: 'Acme' } });
    if (!parsed.ok) throw new Error('mapping should be valid');
    const compiled = compileRowReader({ mapping: parsed.mapping, header: ['Date', 'Value'], projectsByCode: new Map(), defaultProjectOk: true, startMonth: 4, organisationId: 'o', importId: 'i', tokenId: null, window: WINDOW });
    expect(compiled).toMatchObject({ ok: false, reason: expect.stringContaining('"Amount"') });
  });

  it('reads credit notes and journals by kind or by the negatives policy, and splits rows by a column value', () => {
    const compile = (mapping: Record<string, unknown>, split?: { projects: Map<string, string>; holdingProjectId: string | null; unmapped: Map<string, { value: string; rows: number }> }) => {
      const parsed = parseImportMapping(mapping);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      const compiled = compileRowReader({ mapping: parsed.mapping, header: ['Date', 'Dept', 'Supplier', 'Amount', 'Type'], projectsByCode: new Map(), defaultProjectOk: true, startMonth: 4, organisationId: 'org', importId: 'imp', tokenId: null, window: WINDOW, split });
      if (!compiled.ok) throw new Error(compiled.reason);
      return compiled.read;
    };
    const split = { projects: new Map([['highways', 'p-hwy']]), holdingProjectId: null, unmapped: new Map() };
    const read = compile({ columns: { spentOn: 'Date', split: 'Dept', supplier: 'Supplier', amount: 'Amount', kind: 'Type' }, splitMappingId: '6f1c2a3b-1d2e-4f5a-8b6c-7d8e9f0a1b2c' }, split);
    expect(read(['2026-05-01', ' HIGHWAYS ', 'Acme', '(20.00)', 'Credit Note'])).toMatchObject({ ok: true, projectId: 'p-hwy', amount: '-20.00' });
    expect((read(['2026-05-01', 'Highways', 'Acme', '-20.00', 'JNL']) as { copyLine: string }).copyLine).toContain('\tjournal\t');
    expect(read(['2026-05-01', 'Highways', 'Acme', '20.00', 'CN'])).toMatchObject({ ok: false, reason: expect.stringContaining('credit note') });
    expect(read(['2026-05-01', 'Highways', 'Acme', '-20.00', 'Invoice'])).toMatchObject({ ok: false, reason: expect.stringContaining('negative') });
    expect(read(['2026-05-01', 'Highways', 'Acme', '20.00', 'Refund'])).toMatchObject({ ok: false, reason: expect.stringContaining('kind "Refund"') });
    expect(read(['2026-05-01', 'Parks', 'Acme', '20.00', ''])).toMatchObject({ ok: false, reason: expect.stringContaining('"Parks" has no project') });
    expect(read(['2026-05-02', 'parks', 'Acme', '5.00', ''])).toMatchObject({ ok: false });
    expect([...split.unmapped.values()]).toEqual([{ value: 'Parks', rows: 2 }]);

    const negatives = compile({ columns: { spentOn: 'Date', supplier: 'Supplier', amount: 'Amount' }, defaults: { projectId: '6f1c2a3b-1d2e-4f5a-8b6c-7d8e9f0a1b2c' }, negatives: 'credit_note' });
    expect((negatives(['2026-05-01', 'x', 'Acme', '-5.00']) as { copyLine: string }).copyLine).toMatch(/\t-5\.00\t.*\tcredit_note\t\\N\tf\n$/);
    expect((negatives(['2026-05-01', 'x', 'Acme', '5.00']) as { copyLine: string }).copyLine).toContain('\tpayment\t');
  });
});
