import '@app/accountability';
import '@app/delivery';
import '@app/engagement';
import '@app/finance';
import '@app/governance';
import '@app/kpis';
import '@app/portfolio';
import { registerSubjectResolvers, ROUTE_SUBJECTS, SubjectKind, subjectResolver, unresolvedSubjectKinds } from '@app/platform';
import { tableOwners, tablesNamed } from './table-ownership';

/** Platform checks what a route acts on through SQL each owning area registers, never its own copy of their tables. */
describe('subject resolvers', () => {
  it('resolves every kind the route table names once the areas are loaded', () => {
    expect(unresolvedSubjectKinds(Object.values(ROUTE_SUBJECTS).map((s) => s.kind))).toEqual([]);
  });

  it('fails closed for a kind nobody registered', () => {
    expect(() => subjectResolver('nobody_owns_this' as SubjectKind)).toThrow(/no subject resolver is registered for "nobody_owns_this"/);
    expect(unresolvedSubjectKinds(['programme', 'nobody_owns_this' as SubjectKind])).toEqual(['nobody_owns_this']);
  });

  it('refuses a second, different SQL for a kind already registered', () => {
    expect(() => registerSubjectResolvers({ kpi: 'SELECT 1' })).toThrow(/registered twice/);
  });

  it('takes each kind from the area that owns its table', () => {
    const owners = tableOwners();
    const tableOf: Record<string, string> = { kpi: 'kpis', spend_entry: 'spend_entries', flag: 'flags', status_report: 'status_reports', engagement: 'engagements', action: 'actions', risk: 'risks', issue: 'issues', decision: 'decisions', dependency: 'dependencies' };
    for (const [kind, table] of Object.entries(tableOf)) expect(tablesNamed(subjectResolver(kind as SubjectKind), [table])).toEqual([{ table, write: false }]);
    expect(owners.get('flags')).toBe('governance');
    expect(owners.get('risks')).toBe('accountability');
  });
});
