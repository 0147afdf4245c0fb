interface ProgressBarProps {
  /** 0..1, or null while the amount is unknown. */
  value: number | null;
  label: string;
  /** What is shown beside the bar, e.g. "42 %" or "1 200 of 3 000 rows". */
  text?: string;
}

/** A labelled progress bar; indeterminate while `value` is null. */
export function ProgressBar({ value, label, text }: ProgressBarProps) {
  return (
    <div className="progress">
      <progress className="progress__bar" aria-label={label} max={1} {...(value === null ? {} : { value })} />
      <span className="progress__text" aria-hidden="true">
        {text ?? (value === null ? '' : `${Math.round(value * 100)} %`)}
      </span>
    </div>
  );
}
