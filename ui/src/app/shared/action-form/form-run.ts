import { signal } from '@angular/core';
import { toApiProblem } from '../../core/api/api-error';
import { FormProblems, NO_PROBLEMS, formProblems } from '../../core/api/field-problems';
import { pathProblems } from '../../features/admin/path-problems';

/** How an API problem's details find their fields: by last name (`payload.title`) or by whole path (`price.currency`). */
export type ProblemSplit = 'name' | 'path';

/**
 * The state every action form repeated: busy while the request runs, the API's problem list split over the
 * fields (the rest shown above the buttons), a field's message cleared as soon as it is edited, and a
 * second submit ignored while the first one runs.
 */
export class FormRun {
  readonly busy = signal(false);
  readonly problems = signal<FormProblems>(NO_PROBLEMS);
  /** Counts the submits that ended with problems: the form moves focus to the first field to fix on each. */
  readonly failures = signal(0);

  constructor(
    private readonly fields: readonly string[],
    private readonly split: ProblemSplit = 'name',
  ) {}

  /** The message next to a field, or '' (also what `aria-invalid` keys on). */
  error(field: string): string {
    return this.problems().fields[field] ?? '';
  }

  /** An edited field no longer shows the problem it had. */
  edited(field: string): void {
    if (this.problems().fields[field]) this.problems.update((p) => ({ ...p, fields: { ...p.fields, [field]: '' } }));
  }

  /** A fresh start (another record opened in the same form). */
  reset(): void {
    this.problems.set(NO_PROBLEMS);
  }

  /** Problems found before sending (the page's own checks); false when there were any. */
  checked(fields: Record<string, string>): boolean {
    if (!Object.keys(fields).length) return true;
    this.problems.set({ fields, general: null });
    this.failures.update((n) => n + 1);
    return false;
  }

  /** Runs the request; on failure the problem lands on the fields and `undefined` comes back. */
  async run<T>(request: () => Promise<T>): Promise<T | undefined> {
    if (this.busy()) return undefined;
    this.busy.set(true);
    this.problems.set(NO_PROBLEMS);
    try {
      return await request();
    } catch (error) {
      const problem = toApiProblem(error);
      this.problems.set(this.split === 'path' ? pathProblems(problem, this.fields) : formProblems(problem, this.fields));
      this.failures.update((n) => n + 1);
      return undefined;
    } finally {
      this.busy.set(false);
    }
  }
}
