import { recommendationPriorities } from '@dtwin/contracts/recommendations';
import { FilterForm } from '../../components/FilterForm';
import { optionsOf } from '../../components/Select';
import { SelectField } from '../../components/SelectField';
import { DeviceIdField } from '../devices/DeviceIdField';
import { priorityLabels } from './recommendation-labels';
import type { RecommendationPriority } from './recommendations-api';

interface BoardFilterValues {
  priority: RecommendationPriority | '';
  device: string;
}

const priorityOptions = optionsOf(recommendationPriorities, priorityLabels, 'Any priority');

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
          <DeviceIdField placeholder="Device id" {...bind('device')} />
        </>
      )}
    </FilterForm>
  );
}
