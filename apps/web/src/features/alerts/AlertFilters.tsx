import { alertStates, severities } from '@dtwin/contracts/alerts';
import { FilterForm } from '../../components/FilterForm';
import { optionsOf } from '../../components/Select';
import { SelectField } from '../../components/SelectField';
import { DeviceIdField } from '../devices/DeviceIdField';
import type { AlertFilterValues } from './alert-filters';
import { severityLabels, stateLabels } from './alert-labels';

const stateOptions = [
  { value: '', label: 'Any state' },
  { value: 'open', label: 'Open (active, acknowledged, shelved)' },
  ...optionsOf(alertStates, stateLabels),
];

const severityOptions = optionsOf(severities, severityLabels, 'Any severity');

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
          <DeviceIdField placeholder="Device id, e.g. DEVICE_001" {...bind('device')} />
        </>
      )}
    </FilterForm>
  );
}
