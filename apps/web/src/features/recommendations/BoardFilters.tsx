import { recommendationPriorities } from '@dtwin/contracts/recommendations';
import { FilterForm } from '../../components/FilterForm';
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
  return (
    <FilterForm
      label="Filter recommendations"
      initial={initial}
      empty={{ priority: '', device: '' }}
      onApply={onApply}
    >
      {(bind) => (
        <>
          <SelectField label="Priority" name="priority" options={priorityOptions} {...bind('priority')} />
          <TextField
            label="Device"
            name="device"
            placeholder="Device id"
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
