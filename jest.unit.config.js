// The unit tier: pure specs beside the code and the repository checks in test/unit. No database,
// no Redis, no global setup: it runs in seconds and passes with PostgreSQL stopped.
const base = require('./jest.base.js');

module.exports = {
  ...base,
  testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/apps/**/*.spec.ts', '<rootDir>/test/unit/**/*.spec.ts'],
  testTimeout: 10000,
};
