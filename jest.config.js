// One jest run for unit specs (beside the code) and end-to-end specs (test/), both on real services.
const swcConfig = { ...JSON.parse(require('fs').readFileSync(`${__dirname}/.swcrc`, 'utf8')), swcrc: false };
delete swcConfig.$schema;
swcConfig.jsc.baseUrl = __dirname;

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', swcConfig] },
  moduleNameMapper: {
    '^@app/platform$': '<rootDir>/libs/platform/src',
    '^@app/platform/(.*)$': '<rootDir>/libs/platform/src/$1',
    '^@app/(portfolio|kpis|finance|engagement|governance|reporting|integrations)$': '<rootDir>/libs/$1/src',
    '^@test/(.*)$': '<rootDir>/test/$1',
  },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
