import { narrowScopes, scopesForRoles, seesEveryProgramme } from './roles';

describe('organisation roles', () => {
  it('turns roles into the scopes routes declare', () => {
    expect(scopesForRoles(['viewer'])).toEqual(['portfolio:read']);
    expect(scopesForRoles(['finance'])).toEqual(['portfolio:read', 'finance:write']);
    expect(scopesForRoles(['pmo']).sort()).toEqual(['engagement:write', 'finance:write', 'governance:write', 'kpis:write', 'portfolio:read', 'portfolio:write']);
    expect(scopesForRoles(['viewer', 'admin'])).toEqual(['admin']);
    expect(scopesForRoles([])).toEqual(['portfolio:read']);
  });

  it('never lets a personal token exceed its owner', () => {
    expect(narrowScopes(['admin'], ['viewer'])).toEqual(['portfolio:read']);
    expect(narrowScopes(['portfolio:read', 'finance:write', 'kpis:write'], ['finance'])).toEqual(['portfolio:read', 'finance:write']);
    expect(narrowScopes(['portfolio:read'], ['pmo'])).toEqual(['portfolio:read']);
    expect(narrowScopes(['admin'], ['admin'])).toEqual(['admin']);
  });

  it('lets only roles beyond viewer see restricted programmes', () => {
    expect(seesEveryProgramme(['viewer'])).toBe(false);
    expect(seesEveryProgramme(undefined)).toBe(false);
    expect(['admin', 'pmo', 'finance'].every((r) => seesEveryProgramme([r]))).toBe(true);
  });
});
