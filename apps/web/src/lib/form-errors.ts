import { isApiError } from './api-error';

/** Field name → what is wrong with it, in words. */
export type FieldErrors = Readonly<Record<string, string>>;

interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** What a form's check of its values gives: the body to send, or what is wrong, field by field. */
export type Checked<B> = { ok: true; body: B } | { ok: false; errors: FieldErrors };

/** What `checkWith` needs from a schema; every zod schema fits. */
interface CheckSchema<B> {
  safeParse(
    input: unknown,
  ): { success: true; data: B } | { success: false; error: { issues: readonly Issue[] } };
}

/** `input` checked against a contract's schema, with the first problem of each field in words. */
export function checkWith<B>(schema: CheckSchema<B>, input: unknown): Checked<B> {
  const parsed = schema.safeParse(input);
  return parsed.success
    ? { ok: true, body: parsed.data }
    : { ok: false, errors: fieldErrorsFromIssues(parsed.error.issues) };
}

/** The first problem of each top-level field from a zod `safeParse` failure. */
export function fieldErrorsFromIssues(issues: readonly Issue[]): FieldErrors {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const field = issue.path[0];
    const key = typeof field === 'string' ? field : '';
    if (!(key in errors)) errors[key] = sentence(issue.message);
  }
  return errors;
}

/** The `fields` of a 400 from the server, worded like the client-side ones. */
export function fieldErrorsFromError(error: unknown): FieldErrors {
  if (!isApiError(error)) return {};
  return Object.fromEntries(Object.entries(error.fields).map(([field, reason]) => [field, sentence(reason)]));
}

/** Server field errors that no input on the form can show. */
export function unplacedFieldErrors(errors: FieldErrors, shown: readonly string[]): string[] {
  return Object.entries(errors)
    .filter(([field]) => !shown.includes(field))
    .map(([field, reason]) => (field ? `${field}: ${reason}` : reason));
}

export function sentence(text: string): string {
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}
