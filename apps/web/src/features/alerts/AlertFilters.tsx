import { alertStates, severities } from '@dtwin/contracts/alerts';
import { FilterForm } from '../../components/FilterForm';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import type { AlertFilterValues } from './alert-filters';
import { severityLabels, stateLabels } from './alert-labels';

const stateOptions = [
  { value: '', label: 'Any state' },
  { value: 'open', label: 'Open (active, acknowledged, shelved)' },
  ...alertStates.map((s) => ({ value: s, label: stateLabels[s] })),
];

const severityOptions = [
  { value: '', label: 'Any severity' },
  ...severities.map((s) => ({ value: s, label: severityLabels[s] })),
];

interface AlertFiltersProps {
  initial: AlertFilterValues;
  onApply: (values: AlertFilterValues) => void;
}

export function AlertFilters({ initial, onApply }: AlertFiltersProps) {
  return (
    <FilterForm
      label="Filter alerts"
      initial={initial}
      empty={{ state: '', severity: '', device: '' }}
      onApply={onApply}
    >
      {(bind) => (
        <>
          <SelectField label="State" name="state" options={stateOptions} {...bind('state')} />
          <SelectField label="Severity" name="severity" options={severityOptions} {...bind('severity')} />
          <TextField
            label="Device"
            name="device"
            placeholder="Device id, e.g. DEVICE_001"
            maxLength={64}
            autoCapitalize="none"
            spellCheck={false}
            {...bind('device')}
          />
        </>
      )}
    </FilterForm>
  );
}
