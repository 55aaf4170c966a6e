/**
 * SIGTERM/SIGINT: run `close` (which stops accepting, finishes in-flight work and closes
 * connections), then exit; if it takes longer than the limit, exit anyway so an orchestrator is
 * never left waiting.
 */
export function closeOnSignals(close: () => Promise<void>, timeoutMs: number, log: (message: string) => void): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) return;
    closing = true;
    log(`${signal} received; shutting down`);
    const timer = setTimeout(() => {
      log(`shutdown took longer than ${timeoutMs} ms; exiting`);
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    close().then(
      () => process.exit(0),
      (error: Error) => {
        log(`shutdown failed: ${error.message}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
