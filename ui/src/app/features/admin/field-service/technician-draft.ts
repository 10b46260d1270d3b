import { Technician, TechnicianInput, WorkingHours } from '../../../core/api/technicians-api';

/** ISO weekdays as the profile keys them, with the names the form shows. */
export const WEEKDAYS = [
  ['1', 'Monday'],
  ['2', 'Tuesday'],
  ['3', 'Wednesday'],
  ['4', 'Thursday'],
  ['5', 'Friday'],
  ['6', 'Saturday'],
  ['7', 'Sunday'],
] as const;
export type Weekday = (typeof WEEKDAYS)[number][0];

/** A profile as the form edits it: short texts a person types (`hvac:3, gas:2`), turned into the API's shape on save. */
export interface TechnicianDraft {
  skills: string;
  territories: string;
  hours: Record<Weekday, string>;
  latitude: string;
  longitude: string;
}

const KEY = /^[a-z0-9][a-z0-9-]{0,59}$/;
const RANGE = /^([01]\d|2[0-3]):([0-5]\d)\s*[-–]\s*([01]\d|2[0-3]):([0-5]\d)$/;
const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** A new profile's starting point: office hours on weekdays, so most people change only skills and base. */
export function blankDraft(): TechnicianDraft {
  const hours = Object.fromEntries(WEEKDAYS.map(([d]) => [d, Number(d) <= 5 ? '08:00-17:00' : ''])) as Record<Weekday, string>;
  return { skills: '', territories: '', hours, latitude: '', longitude: '' };
}

export function draftOf(t: Technician): TechnicianDraft {
  const hours = Object.fromEntries(
    WEEKDAYS.map(([d]) => [d, (t.workingHours[d] ?? []).map((r) => `${r.start}-${r.end}`).join(', ')]),
  ) as Record<Weekday, string>;
  return {
    skills: Object.entries(t.skills)
      .map(([k, v]) => `${k}:${v}`)
      .join(', '),
    territories: t.territories.join(', '),
    hours,
    latitude: String(t.homeBase.latitude),
    longitude: String(t.homeBase.longitude),
  };
}

/** The skills in words for a list cell (`hvac 3 · gas 2`). */
export function skillsInWords(skills: Record<string, number>): string {
  return (
    Object.entries(skills)
      .map(([k, v]) => `${k} ${v}`)
      .join(' · ') || '—'
  );
}

/**
 * The draft in the API's shape, or the fields a person must fix (keyed by the payload path, so the API's own
 * problems land on the same fields). Checked here because a typo in `hvac:3` is easier to say beside the field.
 */
export function inputOf(draft: TechnicianDraft): { input: TechnicianInput } | { problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  const skills: Record<string, number> = {};
  for (const entry of list(draft.skills)) {
    const [key, level] = entry.split(':').map((s) => s.trim());
    if (!key || !KEY.test(key) || !/^[1-5]$/.test(level ?? '')) {
      problems['skills'] = 'Write each skill as key:level (1 to 5), separated by commas, such as hvac:3.';
      break;
    }
    skills[key] = Number(level);
  }
  const territories = list(draft.territories);
  if (territories.some((t) => !KEY.test(t))) problems['territories'] = 'Use lowercase keys separated by commas, such as kaunas, vilnius.';
  const workingHours: WorkingHours = {};
  for (const [day, name] of WEEKDAYS) {
    const ranges = list(draft.hours[day]).map((r) => RANGE.exec(r));
    if (ranges.some((m) => !m || `${m[1]}:${m[2]}` >= `${m[3]}:${m[4]}`)) {
      problems[`workingHours.${day}`] = `Write ${name}'s hours as 08:00-17:00 (the end after the start), or leave it empty.`;
      continue;
    }
    if (ranges.length) workingHours[day] = ranges.map((m) => ({ start: `${m![1]}:${m![2]}`, end: `${m![3]}:${m![4]}` }));
  }
  const latitude = Number(draft.latitude.replace(',', '.'));
  const longitude = Number(draft.longitude.replace(',', '.'));
  if (!draft.latitude.trim() || !Number.isFinite(latitude) || Math.abs(latitude) > 90)
    problems['homeBase.latitude'] = 'A latitude from -90 to 90, such as 54.69.';
  if (!draft.longitude.trim() || !Number.isFinite(longitude) || Math.abs(longitude) > 180)
    problems['homeBase.longitude'] = 'A longitude from -180 to 180, such as 25.28.';
  if (Object.keys(problems).length) return { problems };
  return { input: { skills, territories, workingHours, homeBase: { latitude, longitude } } };
}
