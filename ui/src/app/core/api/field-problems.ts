import { ApiProblem } from './api-error';

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
 * control. A problem without details (a 409, a 403) stays general, its message verbatim.
 */
export function formProblems(problem: ApiProblem, fieldNames: readonly string[]): FormProblems {
  const fields: Record<string, string> = {};
  const rest = problem.details.filter((detail) => {
    const name = detail.field?.split('.').at(-1);
    if (!name || !fieldNames.includes(name)) return true;
    fields[name] = fields[name] ? `${fields[name]}; ${detail.message}` : detail.message;
    return false;
  });
  const general = Object.keys(fields).length && !rest.length ? null : { ...problem, details: rest };
  return { fields, general };
}
