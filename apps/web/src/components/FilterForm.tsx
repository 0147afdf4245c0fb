import type { FormEvent, ReactNode } from 'react';
import { useFormFields, type FieldBinder } from '../lib/use-form-fields';
import { Button } from './Button';

type FilterValues<V> = { [K in keyof V]: string };

interface FilterFormProps<V extends FilterValues<V>> {
  /** The name of the search landmark, e.g. "Filter alerts". */
  label: string;
  /** The filters in force (from the URL): the form starts from them, and again whenever they change. */
  initial: V;
  /** No filter at all: what Clear applies. */
  empty: V;
  /** Whether a filter is in force, which offers Clear (default: any value of `initial` is set). */
  active?: boolean;
  submitLabel?: string;
  /** Whether the values cannot be applied as they are; the field concerned says why. */
  invalid?: (values: V) => boolean;
  /** Gets the values with surrounding spaces trimmed. */
  onApply: (values: V) => void;
  /** The fields, wired with `bind`. */
  children: (bind: FieldBinder<V>, values: V) => ReactNode;
}

/** A toolbar of filters applied together with one button, and cleared with another. */
export function FilterForm<V extends FilterValues<V>>(props: FilterFormProps<V>) {
  return <FilterFields key={JSON.stringify(props.initial)} {...props} />;
}

function FilterFields<V extends FilterValues<V>>({
  label,
  initial,
  empty,
  active = Object.values(initial).some(Boolean),
  submitLabel = 'Apply',
  invalid,
  onApply,
  children,
}: FilterFormProps<V>) {
  const form = useFormFields(initial);
  const blocked = invalid?.(form.values) ?? false;

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (blocked) return;
    const entries = Object.entries(form.values).map(([key, value]) => [key, String(value).trim()]);
    onApply(Object.fromEntries(entries) as V);
  }

  return (
    <form className="toolbar" role="search" aria-label={label} onSubmit={handleSubmit}>
      {children(form.bind, form.values)}
      <div className="toolbar__actions">
        <Button type="submit" variant="primary" disabled={blocked}>
          {submitLabel}
        </Button>
        {active && (
          <Button
            onClick={() => {
              form.reset(empty);
              onApply(empty);
            }}
          >
            Clear
          </Button>
        )}
      </div>
    </form>
  );
}
