import { useState, type ChangeEvent, type FormEvent } from 'react';
import { fieldErrorsFromError, type Checked, type FieldErrors } from './form-errors';

/** The fields of `V` that hold text (inputs, selects), and those that hold a flag (checkboxes). */
type TextKeys<V> = { [K in keyof V]-?: V[K] extends string ? K : never }[keyof V];
type FlagKeys<V> = { [K in keyof V]-?: V[K] extends boolean ? K : never }[keyof V];

/** `bind` as a sub-form (a fieldset of a bigger form) receives it. */
export type FieldBinder<V> = (field: TextKeys<V>) => BoundField;

type ControlChange = ChangeEvent<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>;

/** What `bind` gives a `TextField` or `SelectField`: its value, its change handler and its message. */
export interface BoundField {
  value: string;
  onChange: (event: ControlChange) => void;
  error: string | undefined;
}

export interface FormFieldsOptions<V, B> {
  /** Fields whose problems are reported under another key, e.g. `model` under `scope.model`. */
  errorKeys?: Partial<Record<keyof V, string>>;
  /** Editing a field takes its message away (default); false keeps every message until the next submit. */
  clearErrorOnChange?: boolean;
  /** Checks the values before anything is sent; its problems go by their fields. */
  validate?: (values: V) => Checked<B>;
  /** Sends the checked body. A rejection becomes `error`, and its field problems go by their fields. */
  send?: (body: B) => Promise<void>;
  /** The field problems of a rejection, keyed like the form (default: the 400's `fields`). */
  serverErrors?: (error: unknown) => FieldErrors;
}

/**
 * A form's values, the message of each field, and the submit cycle (check, send, show what the
 * server refused), so a field is wired with one spread: `<TextField {...form.bind('name')} />`.
 */
export function useFormFields<V extends object, B = V>(
  initial: V | (() => V),
  options: FormFieldsOptions<V, B> = {},
) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const keyOf = (field: keyof V) => options.errorKeys?.[field] ?? String(field);

  function set<K extends keyof V>(field: K, value: V[K]) {
    setValues((current) => ({ ...current, [field]: value }));
    if (options.clearErrorOnChange !== false) setErrors(({ [keyOf(field)]: _old, ...rest }) => rest);
  }

  function bind<K extends TextKeys<V>>(field: K): BoundField {
    return {
      value: values[field] as string,
      // A select's options are the field's values, so its value is one of them.
      onChange: (event) => set(field, event.target.value as V[K]),
      error: errors[keyOf(field)],
    };
  }

  function bindCheckbox<K extends FlagKeys<V>>(field: K) {
    return {
      checked: values[field] as boolean,
      onChange: (event: ChangeEvent<HTMLInputElement>) => set(field, event.target.checked as V[K]),
    };
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const checked: Checked<B> = options.validate
      ? options.validate(values)
      : { ok: true, body: values as unknown as B };
    setErrors(checked.ok ? {} : checked.errors);
    if (!checked.ok || !options.send) return;
    setSubmitting(true);
    try {
      await options.send(checked.body);
    } catch (err) {
      setError(err);
      setErrors((options.serverErrors ?? fieldErrorsFromError)(err));
    } finally {
      setSubmitting(false);
    }
  }

  function reset(next: V) {
    setValues(next);
    setErrors({});
  }

  return {
    values,
    errors,
    /** The rejection of the last submit, if it failed. */
    error,
    submitting,
    set,
    bind,
    bindCheckbox,
    setErrors,
    setError,
    reset,
    handleSubmit,
  };
}

export type FormFields<V extends object, B = V> = ReturnType<typeof useFormFields<V, B>>;
