/**
 * The top-level fields an audited change touched: every key whose value differs between before and
 * after (a creation lists everything it set, a deletion everything it had), so a row says "what" at a glance.
 */
export function changedFields(before: Record<string, unknown> | null, after: Record<string, unknown> | null): string[] {
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  const ignored = new Set(['updatedAt', 'version']);
  return [...keys].filter((k) => !ignored.has(k) && JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k])).sort();
}
