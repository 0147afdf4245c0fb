import type { ReactNode } from 'react';
import { cx } from '../lib/class-names';
import './Field.css';

interface FieldFrameProps {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string | null;
  optional?: boolean;
  className?: string;
  /** Renders the control, given the ids that describe it. */
  children: (describedBy: string | undefined) => ReactNode;
}

/** Label, hint and error around one form control, wired up for screen readers. */
export function FieldFrame({ id, label, hint, error, optional, className, children }: FieldFrameProps) {
  const hintId = hint ? `${id}-hint` : null;
  const errorId = error ? `${id}-error` : null;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={cx('field', error && 'field--invalid', className)}>
      <label className="field__label" htmlFor={id}>
        {label}
        {optional && <span className="field__optional"> (optional)</span>}
      </label>
      {children(describedBy)}
      {error && (
        <p className="field__error" id={errorId ?? undefined}>
          {error}
        </p>
      )}
      {hint && (
        <p className="field__hint" id={hintId ?? undefined}>
          {hint}
        </p>
      )}
    </div>
  );
}
