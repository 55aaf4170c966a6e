// What every jest tier shares: the swc transform and the path aliases of tsconfig.json.
const swcConfig = { ...JSON.parse(require('fs').readFileSync(`${__dirname}/.swcrc`, 'utf8')), swcrc: false };
delete swcConfig.$schema;
swcConfig.jsc.baseUrl = __dirname;

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', swcConfig] },
  moduleNameMapper: {
    '^@app/platform$': '<rootDir>/libs/platform/src',
    '^@app/platform/(.*)$': '<rootDir>/libs/platform/src/$1',
    '^@app/(portfolio|kpis|finance|engagement|governance|reporting|integrations|accountability|notifications|capability|benchmarks|delivery)$': '<rootDir>/libs/$1/src',
    '^@app/schema$': '<rootDir>/migrations/schema',
    '^@test/(.*)$': '<rootDir>/test/$1',
  },
};
