// The database tiers, on real PostgreSQL and Redis: service specs (test/services, no HTTP) and
// end-to-end specs (test/e2e, through HTTP and the real worker). The global setup migrates a
// template database once; each test file clones its own from it.
const base = require('./jest.base.js');

module.exports = {
  ...base,
  testEnvironment: '<rootDir>/test/support/warnings-environment.js',
  testMatch: ['<rootDir>/test/services/**/*.service-spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  setupFilesAfterEnv: ['<rootDir>/test/support/fail-on-warnings.ts'],
  // Generous: a clone of the template database and an api boot take far longer on a busy machine.
  testTimeout: 120000,
  maxWorkers: 2,
};
