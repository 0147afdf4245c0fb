import type { Channel } from '@dtwin/contracts/notifications';
import { Link } from 'react-router';
import { severityLabels } from './alert-labels';

interface RuleChannelsFieldProps {
  channels: readonly Channel[] | undefined;
  selected: readonly number[];
  error?: string;
  onChange: (selected: number[]) => void;
}

/** Which channels to notify; none ticked means every channel the alert's severity reaches. */
export function RuleChannelsField({ channels, selected, error, onChange }: RuleChannelsFieldProps) {
  function toggle(id: number, on: boolean) {
    onChange(on ? [...selected, id] : selected.filter((x) => x !== id));
  }
  return (
    <fieldset className="form-section" aria-describedby={error ? 'rule-channels-error' : undefined}>
      <legend>Notify</legend>
      {channels === undefined ? (
        <p className="cell--muted">Loading channels…</p>
      ) : channels.length === 0 ? (
        <p className="cell--muted">
          No notification channels yet. <Link to="/channels">Add one</Link> to be told about alerts.
        </p>
      ) : (
        <>
          <p className="field__hint">
            Tick none to notify every enabled channel whose minimum severity the alert meets.
          </p>
          <div className="checkbox-list">
            {channels.map((c) => (
              <label key={c.id} className="checkbox">
                <input
                  type="checkbox"
                  checked={selected.includes(c.id)}
                  onChange={(e) => toggle(c.id, e.target.checked)}
                />
                {c.name}
                <span className="cell--muted">
                  {' '}
                  ({c.type}, {severityLabels[c.min_severity].toLowerCase()} and above
                  {c.enabled ? '' : ', disabled'})
                </span>
              </label>
            ))}
          </div>
        </>
      )}
      {error && (
        <p className="field__error" id="rule-channels-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
