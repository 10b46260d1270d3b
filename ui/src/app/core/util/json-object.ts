export type JsonObjectResult = { ok: true; value: Record<string, unknown> | undefined } | { ok: false; error: string };

/**
 * Parses the text of a "variables" textarea. Blank text is an empty result
 * (`undefined`); anything that is not a JSON object is an error for the user.
 */
export function parseJsonObject(text: string): JsonObjectResult {
  if (!text.trim()) {
    return { ok: true, value: undefined };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, error: `Invalid JSON: ${reason}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, error: 'Variables must be a JSON object, e.g. {"priority": "high"}.' };
  }
  return { ok: true, value: value as Record<string, unknown> };
}
