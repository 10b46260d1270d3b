/** A datetime-local value (the person's own clock) as an instant; a bad one goes as typed for the API to name. */
export function instantOf(local: string): string {
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
}

/** An instant as a datetime-local value, in the person's own clock (to the minute, as the control shows it). */
export function localOf(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}
