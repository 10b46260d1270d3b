/**
 * Camunda's connector secrets, `{{secrets.NAME}}`, resolved for our own task types only: the engine
 * passes them through as plain strings (a static mapping or header), and the activity that runs the
 * task replaces each with the configured value (FLOWDESK_SECRETS_FROM_ENV). A name without a value
 * stays as written, so a missing secret is visible rather than an empty string.
 */
const PLACEHOLDER = /\{\{\s*secrets\.([A-Za-z0-9_.-]+)\s*\}\}/g;

export function resolveSecrets<T>(value: T, secrets: Readonly<Record<string, string>>): T {
  if (typeof value === 'string') return value.replace(PLACEHOLDER, (whole, name: string) => secrets[name] ?? whole) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => resolveSecrets(v, secrets)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveSecrets(v, secrets)])) as T;
  }
  return value;
}

type TaskActivity = (input: { headers: Record<string, string>; variables: Record<string, unknown> }, ...rest: unknown[]) => unknown;

/** The same activities, each seeing its headers and variables with secrets resolved; unchanged when there are none. */
export function withSecrets<T extends Record<string, unknown>>(activities: T, secrets: Readonly<Record<string, string>>): T {
  if (Object.keys(secrets).length === 0) return activities;
  return Object.fromEntries(
    Object.entries(activities).map(([name, fn]) => [
      name,
      (input: Parameters<TaskActivity>[0], ...rest: unknown[]) =>
        (fn as TaskActivity)(
          input && typeof input === 'object'
            ? { ...input, headers: resolveSecrets(input.headers, secrets), variables: resolveSecrets(input.variables, secrets) }
            : input,
          ...rest,
        ),
    ]),
  ) as T;
}
