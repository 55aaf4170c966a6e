import { libSources } from './table-ownership';

/**
 * One suffix per kind of file in libs/, so a newcomer knows where to look: `*.queries.ts` for SQL
 * (named queries and fragments), `<name>.views.ts` for response mapping, `*.entity.ts`,
 * `*.service.ts`, `*.module.ts`, `*.enums.ts`. The old spellings stay out.
 */
describe('file names in libs', () => {
  it('uses *.queries.ts for SQL and <name>.views.ts for views', () => {
    const wrong = libSources()
      .map((s) => s.file)
      .filter((file) => /(\.query|\.sql|[-/]views|\/view)\.ts$/.test(file));
    expect(wrong).toEqual([]);
  });
});
