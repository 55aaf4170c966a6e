import { ConfigError, loadConfig } from './app-config';

describe('SMTP configuration', () => {
  it('accepts a host, port, security and sender, and sends nothing without a host', () => {
    const config = loadConfig({ SMTP_HOST: 'smtp.example.gov.uk', SMTP_PORT: '465', SMTP_SECURITY: 'tls', SMTP_USER: 'kpi', SMTP_PASSWORD: 'secret', SMTP_FROM: 'KPI Tracker <kpi@example.gov.uk>' });
    expect(config).toMatchObject({ smtpHost: 'smtp.example.gov.uk', smtpPort: 465, smtpSecurity: 'tls', smtpUser: 'kpi', smtpFrom: 'KPI Tracker <kpi@example.gov.uk>' });
    expect(loadConfig({}).smtpHost).toBe('');
  });

  it('refuses what would send badly, saying which setting to fix', () => {
    expect(() => loadConfig({ SMTP_PORT: '70000' })).toThrow(/SMTP_PORT/);
    expect(() => loadConfig({ SMTP_SECURITY: 'ssl' })).toThrow(/SMTP_SECURITY/);
    expect(() => loadConfig({ SMTP_FROM: 'not an address' })).toThrow(/SMTP_FROM/);
    expect(() => loadConfig({ SMTP_HOST: 'smtp host' })).toThrow(/SMTP_HOST/);
    expect(() => loadConfig({ SMTP_PASSWORD: 'secret' })).toThrow(/SMTP_USER: required/);
    expect(() => loadConfig({ NODE_ENV: 'production', SMTP_HOST: 'smtp.example.gov.uk', SMTP_SECURITY: 'none' })).toThrow(ConfigError);
    expect(() => loadConfig({ EMAIL_DIGEST_CRON: 'weekly' })).toThrow(/EMAIL_DIGEST_CRON/);
  });
});
