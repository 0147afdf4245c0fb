import { auditOutcomes, type AuditEntry } from '@dtwin/contracts/audit';
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { isoToLocalInput, localInputToIso } from '../../lib/format';
import { outcomeLabels } from './outcomes';

type Outcome = AuditEntry['outcome'];

/** What the filter form edits; `from`/`to` are ISO instants (UTC) or empty. */
export interface AuditFilterValues {
  actor: string;
  action: string;
  outcome: Outcome | '';
  from: string;
  to: string;
}

export const noAuditFilters: AuditFilterValues = { actor: '', action: '', outcome: '', from: '', to: '' };

const outcomeOptions = [
  { value: '', label: 'Any outcome' },
  ...auditOutcomes.map((o) => ({ value: o, label: outcomeLabels[o] })),
];

interface AuditFiltersProps {
  initial: AuditFilterValues;
  onApply: (values: AuditFilterValues) => void;
}

export function AuditFilters({ initial, onApply }: AuditFiltersProps) {
  const [actor, setActor] = useState(initial.actor);
  const [action, setAction] = useState(initial.action);
  const [outcome, setOutcome] = useState<Outcome | ''>(initial.outcome);
  // The inputs hold local wall-clock time; the API gets UTC.
  const [from, setFrom] = useState(isoToLocalInput(initial.from));
  const [to, setTo] = useState(isoToLocalInput(initial.to));

  const fromIso = localInputToIso(from);
  const toIso = localInputToIso(to);
  const rangeError = fromIso && toIso && fromIso > toIso ? '"To" is before "From".' : null;
  const active = Object.values(initial).some(Boolean);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (rangeError) return;
    onApply({ actor: actor.trim(), action: action.trim(), outcome, from: fromIso ?? '', to: toIso ?? '' });
  }

  return (
    <form className="toolbar" role="search" aria-label="Filter the audit log" onSubmit={handleSubmit}>
      <TextField
        label="Actor"
        name="actor"
        placeholder="User name"
        maxLength={64}
        value={actor}
        onChange={(e) => setActor(e.target.value)}
      />
      <TextField
        label="Action"
        name="action"
        placeholder="e.g. login"
        maxLength={64}
        value={action}
        onChange={(e) => setAction(e.target.value)}
      />
      <SelectField
        label="Outcome"
        name="outcome"
        options={outcomeOptions}
        value={outcome}
        onChange={(e) => setOutcome(e.target.value as Outcome | '')}
      />
      <TextField
        label="From"
        name="from"
        type="datetime-local"
        value={from}
        onChange={(e) => setFrom(e.target.value)}
      />
      <TextField
        label="To"
        name="to"
        type="datetime-local"
        value={to}
        onChange={(e) => setTo(e.target.value)}
        error={rangeError}
      />
      <div className="toolbar__actions">
        <Button type="submit" variant="primary" disabled={Boolean(rangeError)}>
          Apply
        </Button>
        {active && (
          <Button
            onClick={() => {
              setActor('');
              setAction('');
              setOutcome('');
              setFrom('');
              setTo('');
              onApply(noAuditFilters);
            }}
          >
            Clear
          </Button>
        )}
      </div>
    </form>
  );
}
