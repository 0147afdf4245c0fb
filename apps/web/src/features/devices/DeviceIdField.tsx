import type { ComponentProps } from 'react';
import { TextField } from '../../components/TextField';

/** A filter by device id, typed as it is stored: no capitals or spelling fixes from the keyboard. */
export function DeviceIdField(props: Omit<ComponentProps<typeof TextField>, 'label' | 'name'>) {
  return (
    <TextField
      label="Device"
      name="device"
      maxLength={64}
      autoCapitalize="none"
      spellCheck={false}
      {...props}
    />
  );
}
