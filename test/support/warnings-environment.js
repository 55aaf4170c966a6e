// A node test environment that hands the test file the deprecation warnings the real process
// emits (jest gives tests a copy of `process`, whose 'warning' event never fires), so
// fail-on-warnings.ts can fail the test during which one appeared.
const { TestEnvironment } = require('jest-environment-node');

class WarningsEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.warnings = [];
    this.global.__deprecationWarnings = this.warnings;
    this.onWarning = (warning) => {
      if (warning.name === 'DeprecationWarning') this.warnings.push(warning);
    };
  }

  async setup() {
    await super.setup();
    process.on('warning', this.onWarning);
  }

  async teardown() {
    process.off('warning', this.onWarning);
    await super.teardown();
  }
}

module.exports = WarningsEnvironment;
