import { auditOutcomes, type AuditEntry } from '@dtwin/contracts/audit';
import { FilterForm } from '../../components/FilterForm';
import { optionsOf } from '../../components/Select';
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

const outcomeOptions = optionsOf(auditOutcomes, outcomeLabels, 'Any outcome');

interface AuditFiltersProps {
  initial: AuditFilterValues;
  onApply: (values: AuditFilterValues) => void;
}

function rangeError({ from, to }: AuditFilterValues): string | null {
  const fromIso = localInputToIso(from);
  const toIso = localInputToIso(to);
  return fromIso && toIso && fromIso > toIso ? '"To" is before "From".' : null;
}

export function AuditFilters({ initial, onApply }: AuditFiltersProps) {
  // The inputs hold local wall-clock time; the API gets UTC.
  const local = { ...initial, from: isoToLocalInput(initial.from), to: isoToLocalInput(initial.to) };
  return (
    <FilterForm
      label="Filter the audit log"
      initial={local}
      empty={noAuditFilters}
      active={Object.values(initial).some(Boolean)}
      invalid={(values) => rangeError(values) !== null}
      onApply={(values) =>
        onApply({ ...values, from: localInputToIso(values.from) ?? '', to: localInputToIso(values.to) ?? '' })
      }
    >
      {(bind, values) => (
        <>
          <TextField label="Actor" name="actor" placeholder="User name" maxLength={64} {...bind('actor')} />
          <TextField
            label="Action"
            name="action"
            placeholder="e.g. login"
            maxLength={64}
            {...bind('action')}
          />
          <SelectField label="Outcome" name="outcome" options={outcomeOptions} {...bind('outcome')} />
          <TextField label="From" name="from" type="datetime-local" {...bind('from')} />
          <TextField label="To" name="to" type="datetime-local" {...bind('to')} error={rangeError(values)} />
        </>
      )}
    </FilterForm>
  );
}
