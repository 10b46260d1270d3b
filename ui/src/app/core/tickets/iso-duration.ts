const UNITS: Record<string, number> = { D: 86_400_000, H: 3_600_000, M: 60_000, S: 1_000 };

/** Milliseconds of an ISO 8601 duration of days and time (`P1DT4H`, `PT30M`); null for anything else. */
export function parseIsoDuration(text: string): number | null {
  const match = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(text.trim());
  if (!match || text.trim().toUpperCase() === 'P' || /T$/i.test(text.trim())) return null;
  const [, d, h, m, s] = match;
  return [
    [d, UNITS['D']!],
    [h, UNITS['H']!],
    [m, UNITS['M']!],
    [s, UNITS['S']!],
  ].reduce((sum, [value, unit]) => sum + (value ? Number(value) * (unit as number) : 0), 0);
}
