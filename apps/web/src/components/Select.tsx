import type { ComponentProps } from 'react';
import { cx } from '../lib/class-names';
import './Field.css';

export interface SelectOption {
  value: string;
  label: string;
}

interface SelectProps extends Omit<ComponentProps<'select'>, 'children'> {
  options: readonly SelectOption[];
  compact?: boolean;
}

/** A bare select; give it an `aria-label` when it has no visible label. */
export function Select({ options, compact = false, className, ...select }: SelectProps) {
  return (
    <select className={cx('input', 'select', compact && 'input--sm', className)} {...select}>
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </select>
  );
}

/** An option for each of `values`, labelled from `labels`; first an empty one, labelled `none`, if given. */
export function optionsOf<T extends string>(
  values: readonly T[],
  labels: Readonly<Record<T, string>>,
  none?: string,
): SelectOption[] {
  const options = values.map((value) => ({ value, label: labels[value] }));
  return none === undefined ? options : [{ value: '', label: none }, ...options];
}
