import { alertStates, severities, type Severity } from '@dtwin/contracts/alerts';
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import type { AlertFilterValues, StateFilter } from './alert-filters';
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
  const [state, setState] = useState<StateFilter>(initial.state);
  const [severity, setSeverity] = useState<Severity | ''>(initial.severity);
  const [device, setDevice] = useState(initial.device);
  const active = Boolean(initial.state || initial.severity || initial.device);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onApply({ state, severity, device: device.trim() });
  }

  return (
    <form className="toolbar" role="search" aria-label="Filter alerts" onSubmit={handleSubmit}>
      <SelectField
        label="State"
        name="state"
        options={stateOptions}
        value={state}
        onChange={(e) => setState(e.target.value as StateFilter)}
      />
      <SelectField
        label="Severity"
        name="severity"
        options={severityOptions}
        value={severity}
        onChange={(e) => setSeverity(e.target.value as Severity | '')}
      />
      <TextField
        label="Device"
        name="device"
        placeholder="Device id, e.g. DEVICE_001"
        maxLength={64}
        autoCapitalize="none"
        spellCheck={false}
        value={device}
        onChange={(e) => setDevice(e.target.value)}
      />
      <div className="toolbar__actions">
        <Button type="submit" variant="primary">
          Apply
        </Button>
        {active && (
          <Button
            onClick={() => {
              setState('');
              setSeverity('');
              setDevice('');
              onApply({ state: '', severity: '', device: '' });
            }}
          >
            Clear
          </Button>
        )}
      </div>
    </form>
  );
}
