/**
 * SLA targets are business time in hours and minutes (`PT4H`, `PT1H30M`, `PT20H`), seconds allowed
 * for drills and test calendars (`PT30S`). Days are refused on purpose: "2 days" of an 08:00–18:00
 * calendar is ambiguous (48 h or 20 h?); write `PT20H`.
 */
const DURATION = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?$/;

export function parseBusinessDuration(text: string): number | undefined {
  const match = DURATION.exec(text);
  if (!match || (match[1] === undefined && match[2] === undefined && match[3] === undefined)) return undefined;
  const ms = ((Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0)) * 60 + Number(match[3] ?? 0)) * 1000;
  return ms > 0 ? ms : undefined;
}

export const BUSINESS_DURATION_HINT =
  'an ISO 8601 duration of business hours and minutes, e.g. PT4H or PT1H30M (no days: write PT20H for two 10-hour days)';
