/**
 * Polls until `probe` returns without throwing, and returns what it returned. For state that a
 * worker reaches asynchronously; the last assertion error is rethrown on timeout.
 */
export async function eventually<T>(probe: () => Promise<T> | T, timeoutMs = 30_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}
