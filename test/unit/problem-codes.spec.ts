import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROBLEM_CATALOGUE, PROBLEM_CODES } from '@app/platform';
import { libSources } from './table-ownership';

/** Every problem code the code can throw is in the catalogue, with the status it is thrown with. */
describe('problem codes', () => {
  const files = [...new Set([...libSources().map((s) => s.file), ...(readdirSync('apps', { recursive: true }) as string[]).map((f) => join('apps', f)).filter((f) => f.endsWith('.ts'))])].filter((f) => !f.endsWith('.spec.ts'));
  const thrown: { file: string; status: number; code: string }[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/new Problem\((\d{3}), '([a-z_]+)'/g)) thrown.push({ file, status: Number(m[1]), code: m[2] });
    for (const m of text.matchAll(/Problem\.conflict\('([a-z_]+)'/g)) thrown.push({ file, status: 409, code: m[1] });
  }

  it('finds the codes in the source', () => expect(thrown.length).toBeGreaterThan(20));

  it('catalogues each one with its status', () => {
    const missing = thrown.filter((t) => !PROBLEM_CODES.includes(t.code as never) || PROBLEM_CATALOGUE[t.code as keyof typeof PROBLEM_CATALOGUE].status !== t.status);
    expect(missing).toEqual([]);
  });

  it("parses path ids one way: ParseIdPipe, whose 400 names the parameter (Nest's own pipe answered an unnamed message)", () => {
    expect(files.filter((f) => /\bParseUUIDPipe\b/.test(readFileSync(f, 'utf8')))).toEqual([]);
  });

  it('says what each means and how to fix it', () => {
    for (const code of PROBLEM_CODES) {
      expect(code).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(PROBLEM_CATALOGUE[code].means.length).toBeGreaterThan(10);
      expect(PROBLEM_CATALOGUE[code].fix.length).toBeGreaterThan(5);
    }
  });
});
