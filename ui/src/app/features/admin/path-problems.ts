import { ApiProblem } from '../../core/api/api-error';
import { fieldInWords } from '../../core/api/problem-words';

/** An API problem split over a form whose fields are named by payload paths (`price.currency`). */
export interface PathProblems {
  /** Form field path → what is wrong with it, in words. */
  fields: Record<string, string>;
  /** Details no field of the form shows (with the message), or null when the fields say it all. */
  general: ApiProblem | null;
}

export const NO_PATH_PROBLEMS: PathProblems = { fields: {}, general: null };

/**
 * The API names a field by its path in the payload (`payload.visibility.organizationIds.1`,
 * `payload.formSchema.components.2.values`); each detail goes to the deepest form field whose path
 * starts it, so a problem inside a list or an object still lands next to the control that edits it.
 */
export function pathProblems(problem: ApiProblem, fieldPaths: readonly string[]): PathProblems {
  const fields: Record<string, string> = {};
  const byDepth = [...fieldPaths].sort((a, b) => b.split('.').length - a.split('.').length);
  const rest = problem.details.filter((detail) => {
    const path = detail.field?.replace(/^payload\./, '');
    const target = path && byDepth.find((f) => path === f || path.startsWith(`${f}.`));
    if (!target) return true;
    const words = fieldInWords(detail, problem.code);
    fields[target] = fields[target] ? `${fields[target]} ${words}` : words;
    return false;
  });
  const general = Object.keys(fields).length && !rest.length ? null : { ...problem, details: rest };
  return { fields, general };
}
