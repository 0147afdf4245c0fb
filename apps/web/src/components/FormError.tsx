import { unplacedFieldErrors, type FieldErrors } from '../lib/form-errors';
import { ErrorBanner } from './ErrorBanner';

interface FormErrorProps {
  /** The form's state, from `useFormFields`. */
  form: { error: unknown; errors: FieldErrors };
  title?: string;
  /** The fields the form shows; the server's problems with any other are listed in the banner. */
  fields?: readonly string[];
}

/** Why the form was not accepted, once it was sent and refused. */
export function FormError({ form, title, fields }: FormErrorProps) {
  if (form.error === null) return null;
  return (
    <ErrorBanner
      title={title}
      error={form.error}
      details={fields && unplacedFieldErrors(form.errors, fields)}
    />
  );
}
