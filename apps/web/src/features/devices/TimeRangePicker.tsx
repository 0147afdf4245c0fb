import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { TextField } from '../../components/TextField';
import { cx } from '../../lib/class-names';
import { isoToLocalInput, localInputToIso } from '../../lib/format';
import { rangeBounds, rangePresets, type PresetKey, type TimeRange } from './time-range';

interface TimeRangePickerProps {
  range: TimeRange;
  onPreset: (key: PresetKey) => void;
  onCustom: (from: string, to: string) => void;
}

/** Preset ranges ending now, or a custom stretch of the past. */
export function TimeRangePicker({ range, onPreset, onCustom }: TimeRangePickerProps) {
  const [custom, setCustom] = useState(range.kind === 'custom');
  const [error, setError] = useState<string | null>(null);
  // The custom fields start from the range on show (read once, when the picker mounts).
  const [initial] = useState(() => rangeBounds(range, Date.now()));
  const [from, setFrom] = useState(isoToLocalInput(new Date(initial.from).toISOString()));
  const [to, setTo] = useState(isoToLocalInput(new Date(initial.to).toISOString()));

  function apply(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const fromIso = localInputToIso(from);
    const toIso = localInputToIso(to);
    if (!fromIso || !toIso) return setError('Enter both the start and the end.');
    if (Date.parse(fromIso) >= Date.parse(toIso)) return setError('The start must be before the end.');
    setError(null);
    onCustom(fromIso, toIso);
  }

  return (
    <div className="range-picker">
      <div className="range-picker__presets" role="group" aria-label="Time range">
        {rangePresets.map((preset) => {
          const current = range.kind === 'preset' && range.key === preset.key;
          return (
            <button
              key={preset.key}
              type="button"
              className={cx('range-picker__preset', current && 'range-picker__preset--current')}
              aria-pressed={current}
              onClick={() => {
                setCustom(false);
                onPreset(preset.key);
              }}
            >
              {preset.label}
            </button>
          );
        })}
        <button
          type="button"
          className={cx(
            'range-picker__preset',
            (custom || range.kind === 'custom') && 'range-picker__preset--current',
          )}
          aria-pressed={range.kind === 'custom'}
          aria-expanded={custom}
          onClick={() => setCustom((c) => !c)}
        >
          Custom…
        </button>
      </div>
      {custom && (
        <form className="range-picker__custom" onSubmit={apply} noValidate>
          <TextField
            label="From"
            type="datetime-local"
            value={from}
            onChange={(e) => setFrom(e.target.value)}
          />
          <TextField
            label="To"
            type="datetime-local"
            value={to}
            onChange={(e) => setTo(e.target.value)}
            error={error}
          />
          <Button type="submit" variant="primary">
            Show
          </Button>
        </form>
      )}
    </div>
  );
}
