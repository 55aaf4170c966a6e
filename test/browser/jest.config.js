// Browser tests: the real api on a cloned database with the demo data, driven through Debian's Chromium.
const base = require('../../jest.config.js');

module.exports = {
  ...base,
  rootDir: `${__dirname}/../..`,
  testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
  testTimeout: 120000,
  maxWorkers: 1,
};
