import type { PropertyDefinition } from '@dtwin/contracts/models';
import type { PropertyValue } from '@dtwin/contracts/twin';
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Notice } from '../../components/Notice';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { isApiError } from '../../lib/api-error';
import { sentence, type FieldErrors } from '../../lib/form-errors';
import { useHttp } from '../../lib/http-context';
import { patchDesired, type TwinWithTag } from './devices-api';

interface DesiredEditorProps {
  deviceId: string;
  properties: readonly PropertyDefinition[];
  current: TwinWithTag;
  onSaved: (next: TwinWithTag) => void;
  /** The twin changed on the server since it was read: fetch it again. */
  onStale: () => void;
  /** Shown after a reload caused by a conflict, so the user knows why the form changed. */
  conflict: boolean;
}

export const CONFLICT_MESSAGE =
  'Changed by someone else — reloaded. Check the current values and apply your change again.';

const text = (value: PropertyValue | undefined) => (value === undefined ? '' : String(value));

const baselineOf = ({ twin, etag }: TwinWithTag) => ({ version: twin.version, etag, desired: twin.desired });

const valuesOf = (properties: readonly PropertyDefinition[], desired: Record<string, PropertyValue>) =>
  Object.fromEntries(properties.map((p) => [p.name, text(desired[p.name])]));

/** Typed inputs for the model's writable properties; saves only what changed, with If-Match. */
export function DesiredEditor({
  deviceId,
  properties,
  current,
  onSaved,
  onStale,
  conflict,
}: DesiredEditorProps) {
  const http = useHttp();
  const [baseline, setBaseline] = useState(() => baselineOf(current));
  const [values, setValues] = useState(() => valuesOf(properties, current.twin.desired));
  const [dirty, setDirty] = useState(false);
  // A new version arrived (saved here, changed elsewhere, reloaded after a conflict). An untouched
  // form shows it. Edits in progress keep their old baseline and ETag, so saving them is refused
  // with 412 rather than silently overwriting the other change.
  if (current.twin.version !== baseline.version && !dirty) {
    setBaseline(baselineOf(current));
    setValues(valuesOf(properties, current.twin.desired));
  }
  const outdated = dirty && current.twin.version !== baseline.version;
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  function change(name: string, value: string) {
    setValues((v) => ({ ...v, [name]: value }));
    setDirty(true);
    setFieldErrors(({ [name]: _old, ...rest }) => rest);
    setNotice(null);
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setNotice(null);
    const patch: Record<string, PropertyValue | null> = {};
    const problems: Record<string, string> = {};
    for (const property of properties) {
      const parsed = parseValue(property, values[property.name] ?? '');
      if (typeof parsed === 'object' && parsed !== null) problems[property.name] = parsed.problem;
      else if (parsed !== (baseline.desired[property.name] ?? null)) patch[property.name] = parsed;
    }
    setFieldErrors(problems);
    if (Object.keys(problems).length > 0) return;
    if (Object.keys(patch).length === 0)
      return setNotice('Nothing to save: these are the desired values already.');

    setSaving(true);
    try {
      const next = await patchDesired(http, deviceId, patch, baseline.etag);
      setDirty(false);
      setNotice(`Saved as version ${next.twin.version}. The device receives it when it is connected.`);
      onSaved(next);
    } catch (err) {
      if (isApiError(err) && err.status === 412) {
        setDirty(false);
        onStale();
      } else {
        setError(err);
        if (isApiError(err))
          setFieldErrors(
            Object.fromEntries(
              Object.entries(err.fields).map(([field, reason]) => [
                field.replace(/^desired\./, ''),
                sentence(reason),
              ]),
            ),
          );
      }
    } finally {
      setSaving(false);
    }
  }

  if (properties.length === 0) return <p className="cell--muted">This model has no writable properties.</p>;

  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Desired properties">
      {conflict && <ErrorBanner title="Not saved" error={CONFLICT_MESSAGE} />}
      {outdated && (
        <Notice>
          The desired state was changed elsewhere while you were editing (now version {current.twin.version}).
        </Notice>
      )}
      {error !== null && <ErrorBanner title="The desired state was not saved" error={error} />}
      {notice && <Notice tone="success">{notice}</Notice>}
      <div className="form-grid">
        {properties.map((property) => {
          const label = property.unit ? `${property.label} (${property.unit})` : property.label;
          const hint = rangeHint(property);
          if (property.type === 'boolean') {
            return (
              <SelectField
                key={property.name}
                label={label}
                value={values[property.name] ?? ''}
                options={[
                  { value: '', label: 'Not set' },
                  { value: 'true', label: 'On (true)' },
                  { value: 'false', label: 'Off (false)' },
                ]}
                onChange={(e) => change(property.name, e.target.value)}
                error={fieldErrors[property.name]}
              />
            );
          }
          const numeric = property.type !== 'string';
          return (
            <TextField
              key={property.name}
              label={label}
              type={numeric ? 'number' : 'text'}
              inputMode={property.type === 'integer' ? 'numeric' : numeric ? 'decimal' : undefined}
              min={property.min}
              max={property.max}
              step={property.type === 'integer' ? 1 : 'any'}
              maxLength={numeric ? undefined : 256}
              placeholder="Not set"
              value={values[property.name] ?? ''}
              onChange={(e) => change(property.name, e.target.value)}
              hint={hint}
              error={fieldErrors[property.name]}
            />
          );
        })}
      </div>
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={saving}>
          Save desired state
        </Button>
      </div>
    </form>
  );
}

function rangeHint(property: PropertyDefinition): string | undefined {
  const { min, max } = property;
  if (min !== undefined && max !== undefined) return `${min} to ${max}. Empty removes it.`;
  if (min !== undefined) return `At least ${min}. Empty removes it.`;
  if (max !== undefined) return `At most ${max}. Empty removes it.`;
  return 'Empty removes it.';
}

/** The typed value of an input: null when empty (remove), or a problem in words. */
export function parseValue(
  property: PropertyDefinition,
  raw: string,
): PropertyValue | null | { problem: string } {
  const input = raw.trim();
  if (input === '') return null;
  switch (property.type) {
    case 'boolean':
      return input === 'true';
    case 'string':
      return raw;
    case 'integer':
    case 'number': {
      const n = Number(input);
      if (!Number.isFinite(n)) return { problem: 'Enter a number.' };
      if (property.type === 'integer' && !Number.isInteger(n)) return { problem: 'Enter a whole number.' };
      if (property.min !== undefined && n < property.min)
        return { problem: `Must be at least ${property.min}.` };
      if (property.max !== undefined && n > property.max)
        return { problem: `Must be at most ${property.max}.` };
      return n;
    }
  }
}
