import type { ChangeEventHandler } from 'react';
import { TextField } from '../../components/TextField';

interface SecretFieldProps {
  label: string;
  name: string;
  value: string;
  /** Whether the server holds a value already (editing an existing channel). */
  stored: boolean;
  required: boolean;
  hint?: string;
  error?: string;
  onChange: ChangeEventHandler<HTMLInputElement>;
}

/**
 * A write-only input: it is never filled from the server (which never sends secrets back), and
 * the browser is asked not to fill it either. Left empty on an existing channel, the stored value stays.
 */
export function SecretField({
  label,
  name,
  value,
  stored,
  required,
  hint,
  error,
  onChange,
}: SecretFieldProps) {
  const keep = stored ? 'Stored. Leave empty to keep it, or type a new one.' : null;
  return (
    <TextField
      label={label}
      name={name}
      type="password"
      autoComplete="new-password"
      spellCheck={false}
      optional={!required && !stored}
      placeholder={stored ? '•••••• (stored)' : undefined}
      value={value}
      onChange={onChange}
      hint={[keep, hint].filter(Boolean).join(' ') || undefined}
      error={error}
    />
  );
}
