import { useId, type ComponentProps, type ReactNode } from 'react';
import { FieldFrame } from './FieldFrame';
import { Select, type SelectOption } from './Select';

interface SelectFieldProps extends Omit<ComponentProps<'select'>, 'id' | 'children'> {
  label: string;
  options: readonly SelectOption[];
  hint?: ReactNode;
  error?: string | null;
}

export function SelectField({ label, options, hint, error, className, ...select }: SelectFieldProps) {
  const id = useId();
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} className={className}>
      {(describedBy) => (
        <Select
          id={id}
          options={options}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          {...select}
        />
      )}
    </FieldFrame>
  );
}
