/** The message an incident or a log line shows for anything thrown. */
export function describeError(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
