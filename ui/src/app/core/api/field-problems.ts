import { ApiProblem } from './api-error';
import { fieldInWords } from './problem-words';

/** An API problem split for a form: messages next to the fields it knows, the rest above the form. */
export interface FormProblems {
  /** Field name (last segment of `payload.x`) → message. */
  fields: Record<string, string>;
  /** The message and the details no field of the form shows; null when the fields say it all. */
  general: ApiProblem | null;
}

export const NO_PROBLEMS: FormProblems = { fields: {}, general: null };

/**
 * Joi names fields `payload.resolutionNotes`; a form shows those next to its `resolutionNotes`
 * control, in words (see problem-words.ts). A problem without details (a 409, a 403) stays general.
 */
export function formProblems(problem: ApiProblem, fieldNames: readonly string[]): FormProblems {
  const fields: Record<string, string> = {};
  const rest = problem.details.filter((detail) => {
    const name = detail.field?.split('.').at(-1);
    if (!name || !fieldNames.includes(name)) return true;
    const words = fieldInWords(detail, problem.code);
    fields[name] = fields[name] ? `${fields[name]} ${words}` : words;
    return false;
  });
  const general = Object.keys(fields).length && !rest.length ? null : { ...problem, details: rest };
  return { fields, general };
}
