import { recommendationPriorities } from '@dtwin/contracts/recommendations';
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { priorityLabels } from './recommendation-labels';
import type { RecommendationPriority } from './recommendations-api';

interface BoardFilterValues {
  priority: RecommendationPriority | '';
  device: string;
}

const priorityOptions = [
  { value: '', label: 'Any priority' },
  ...recommendationPriorities.map((p) => ({ value: p, label: priorityLabels[p] })),
];

export function BoardFilters({
  initial,
  onApply,
}: {
  initial: BoardFilterValues;
  onApply: (values: BoardFilterValues) => void;
}) {
  const [priority, setPriority] = useState(initial.priority);
  const [device, setDevice] = useState(initial.device);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onApply({ priority, device: device.trim() });
  }

  return (
    <form className="toolbar" role="search" aria-label="Filter recommendations" onSubmit={handleSubmit}>
      <SelectField
        label="Priority"
        name="priority"
        options={priorityOptions}
        value={priority}
        onChange={(e) => setPriority(e.target.value as RecommendationPriority | '')}
      />
      <TextField
        label="Device"
        name="device"
        placeholder="Device id"
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
        {(initial.priority || initial.device) && (
          <Button
            onClick={() => {
              setPriority('');
              setDevice('');
              onApply({ priority: '', device: '' });
            }}
          >
            Clear
          </Button>
        )}
      </div>
    </form>
  );
}
