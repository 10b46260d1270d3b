import { CATEGORIES } from '../api/ticket-types';

/**
 * The words a requester chooses in the portal for what the desk stores as keys: the new-ticket form
 * offers them, and her ticket page shows them back, so she reads what she chose ("Just me"), not the
 * priority matrix's levels ("low").
 */
export const IMPACT_WORDS = [
  { value: 'low', label: 'Just me' },
  { value: 'medium', label: 'My team or a group of people' },
  { value: 'high', label: 'A whole site or many people' },
] as const;

export const URGENCY_WORDS = [
  { value: 'low', label: 'It can wait; I can work around it' },
  { value: 'medium', label: 'It slows my work down' },
  { value: 'high', label: 'I cannot work' },
] as const;

/** Services the form suggests; the API takes any short text, shown as typed. */

const wordFor = (words: ReadonlyArray<{ value: string; label: string }>, value: string | null): string | null =>
  value === null ? null : (words.find((w) => w.value === value)?.label ?? value);

export const categoryWords = (value: string | null) => wordFor(CATEGORIES, value);
export const impactWords = (value: string | null) => wordFor(IMPACT_WORDS, value);
export const urgencyWords = (value: string | null) => wordFor(URGENCY_WORDS, value);
