import { conditionSchema, connectivitySchema } from '@dtwin/contracts/devices';
import type { DeviceModel } from '@dtwin/contracts/models';
import { useEffect, useEffectEvent, useId, useState } from 'react';
import { Button } from '../../components/Button';
import { optionsOf } from '../../components/Select';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { conditionLabels, connectivityLabels } from './DeviceBadges';
import { hasFilters, type DeviceFilterValues, type DeviceSort } from './device-filters';

const SEARCH_DELAY_MS = 300;

interface DeviceFiltersProps {
  values: DeviceFilterValues;
  models: readonly DeviceModel[];
  /** Zones seen so far, offered as suggestions (there is no zone list in the API). */
  zones: readonly string[];
  onChange: (change: Partial<DeviceFilterValues>) => void;
  onClear: () => void;
}

const sortOptions: { value: DeviceSort; label: string }[] = [
  { value: 'id', label: 'ID' },
  { value: 'name', label: 'Name' },
  { value: 'last_seen', label: 'Last seen' },
];

/** Search and filters of the device list; every change goes to the URL, text after a pause. */
export function DeviceFilters({ values, models, zones, onChange, onClear }: DeviceFiltersProps) {
  const zoneListId = useId();
  const filtered = hasFilters(values);
  return (
    <div className="toolbar" role="search" aria-label="Filter devices">
      <DebouncedText
        label="Search"
        type="search"
        placeholder="Name or ID"
        value={values.q}
        onCommit={(q) => onChange({ q })}
      />
      <SelectField
        label="Model"
        value={values.model}
        options={[{ value: '', label: 'All models' }, ...models.map((m) => ({ value: m.id, label: m.name }))]}
        onChange={(e) => onChange({ model: e.target.value })}
      />
      <DebouncedText
        label="Zone"
        placeholder="Any zone"
        list={zoneListId}
        value={values.zone}
        onCommit={(zone) => onChange({ zone })}
      />
      <datalist id={zoneListId}>
        {zones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <SelectField
        label="Condition"
        value={values.condition}
        options={optionsOf(conditionSchema.options, conditionLabels, 'Any condition')}
        onChange={(e) => onChange({ condition: conditionSchema.safeParse(e.target.value).data ?? '' })}
      />
      <SelectField
        label="Connectivity"
        value={values.connectivity}
        options={optionsOf(connectivitySchema.options, connectivityLabels, 'Online or offline')}
        onChange={(e) => onChange({ connectivity: connectivitySchema.safeParse(e.target.value).data ?? '' })}
      />
      <SelectField
        label="Sort by"
        value={values.sort}
        options={sortOptions}
        onChange={(e) => onChange({ sort: e.target.value as DeviceSort })}
      />
      {filtered && (
        <div className="toolbar__actions">
          <Button onClick={onClear}>Clear filters</Button>
        </div>
      )}
    </div>
  );
}

interface DebouncedTextProps {
  label: string;
  value: string;
  onCommit: (value: string) => void;
  type?: string;
  placeholder?: string;
  list?: string;
}

/** A text field that commits a pause after the last keystroke, so typing does not fire a request per key. */
function DebouncedText({ label, value, onCommit, type = 'text', placeholder, list }: DebouncedTextProps) {
  const [text, setText] = useState(value);
  // When the URL changes from elsewhere (Clear, the back button), show that value.
  const [shown, setShown] = useState(value);
  if (value !== shown) {
    setShown(value);
    setText(value);
  }
  const commit = useEffectEvent(onCommit);

  useEffect(() => {
    if (text.trim() === value) return;
    const timer = setTimeout(() => commit(text.trim()), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text, value]);

  return (
    <TextField
      label={label}
      type={type}
      placeholder={placeholder}
      list={list}
      maxLength={120}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') onCommit(text.trim());
      }}
    />
  );
}
