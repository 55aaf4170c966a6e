/**
 * Fails the test during which the process emitted a deprecation warning. It is how a new
 * concurrent use of one pg client ("Calling client.query() when the client is already executing a
 * query is deprecated", which pg@9 refuses) breaks the suite instead of scrolling past in a log.
 * The warnings are collected by test/support/warnings-environment.js.
 */
const warnings = (globalThis as { __deprecationWarnings?: Error[] }).__deprecationWarnings ?? [];

async function takeWarnings(): Promise<Error[]> {
  // process.emitWarning emits on the next tick: let one pass before looking.
  await new Promise((resolve) => setImmediate(resolve));
  return warnings.splice(0);
}

afterEach(async () => {
  const seen = await takeWarnings();
  if (seen.length > 0) throw new Error(`deprecation warning during this test:\n${seen.map((w) => w.stack ?? w.message).join('\n')}`);
});

afterAll(async () => {
  const seen = await takeWarnings();
  if (seen.length > 0) throw new Error(`deprecation warning while tearing down:\n${seen.map((w) => w.stack ?? w.message).join('\n')}`);
});
