import { createDeviceBodySchema, type Device } from '@dtwin/contracts/devices';
import type { DeviceModel } from '@dtwin/contracts/models';
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { fieldErrorsFromError, sentence, unplacedFieldErrors, type FieldErrors } from '../../lib/form-errors';
import { useHttp } from '../../lib/http-context';
import { createDevice } from './devices-api';
import { OneTimeToken } from './OneTimeToken';

const fields = ['id', 'name', 'model', 'location.site', 'location.zone', 'location.x', 'location.y'] as const;
type Field = (typeof fields)[number];
type Values = Record<Field, string>;

interface AddDeviceDialogProps {
  models: readonly DeviceModel[];
  /** Called when the dialog closes; `created` is set when a device was made. */
  onClose: (created: Device | null) => void;
}

const empty: Values = {
  id: '',
  name: '',
  model: '',
  'location.site': '',
  'location.zone': '',
  'location.x': '',
  'location.y': '',
};

/** Registers a device (admins), then shows its ingestion token once. */
export function AddDeviceDialog({ models, onClose }: AddDeviceDialogProps) {
  const http = useHttp();
  const [values, setValues] = useState<Values>({ ...empty, model: models[0]?.id ?? '' });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const [created, setCreated] = useState<{ device: Device; token: string } | null>(null);

  function change(field: Field, value: string) {
    setValues((current) => ({ ...current, [field]: value }));
    setFieldErrors(({ [field]: _old, ...rest }) => rest);
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const coordinate = (text: string) => (text.trim() === '' ? null : Number(text));
    const parsed = createDeviceBodySchema.safeParse({
      id: values.id.trim(),
      name: values.name,
      model: values.model,
      location: {
        site: values['location.site'].trim(),
        zone: values['location.zone'].trim(),
        x: coordinate(values['location.x']),
        y: coordinate(values['location.y']),
      },
    });
    // Plain words for the mistakes people make; the schema's wording for anything else.
    const errors: Record<string, string> = {};
    if (!values.name.trim()) errors.name = 'Enter a name.';
    for (const axis of ['location.x', 'location.y'] as const) {
      const n = coordinate(values[axis]);
      if (n !== null && !(n >= 0 && n <= 100))
        errors[axis] = 'Enter a number from 0 to 100, or leave it empty.';
    }
    if (!parsed.success)
      for (const issue of parsed.error.issues) errors[issue.path.join('.')] ??= sentence(issue.message);
    if (!parsed.success || Object.keys(errors).length > 0) {
      setFieldErrors(errors);
      return;
    }
    setSubmitting(true);
    try {
      setCreated(await createDevice(http, parsed.data));
    } catch (err) {
      setError(err);
      setFieldErrors(fieldErrorsFromError(err));
    } finally {
      setSubmitting(false);
    }
  }

  if (created) {
    return (
      <Dialog title={`${created.device.name} was added`} onClose={() => onClose(created.device)}>
        <OneTimeToken deviceId={created.device.id} token={created.token} />
        <div className="dialog__footer">
          <Button variant="primary" onClick={() => onClose(created.device)}>
            I have copied the token
          </Button>
        </div>
      </Dialog>
    );
  }

  const text = (field: Field, label: string, extra: Partial<Parameters<typeof TextField>[0]> = {}) => (
    <TextField
      label={label}
      value={values[field]}
      onChange={(e) => change(field, e.target.value)}
      error={fieldErrors[field]}
      {...extra}
    />
  );

  return (
    <Dialog title="Add a device" onClose={() => !submitting && onClose(null)}>
      {error !== null && (
        <ErrorBanner
          title="The device was not added"
          error={error}
          details={unplacedFieldErrors(fieldErrors, fields)}
        />
      )}
      <form onSubmit={handleSubmit} noValidate>
        <div className="form-grid">
          {text('id', 'Device ID', {
            autoComplete: 'off',
            spellCheck: false,
            hint: 'Letters, digits, _ . - (e.g. PUMP_014). Also its MQTT user name; it cannot change.',
            'data-autofocus': true,
          } as Partial<Parameters<typeof TextField>[0]>)}
          {text('name', 'Name')}
          <SelectField
            label="Model"
            value={values.model}
            options={models.map((m) => ({ value: m.id, label: m.name }))}
            onChange={(e) => change('model', e.target.value)}
            error={fieldErrors.model}
          />
          {text('location.site', 'Site', { optional: true })}
          {text('location.zone', 'Zone', { optional: true })}
          {text('location.x', 'Floor-plan x', {
            optional: true,
            inputMode: 'decimal',
            hint: '0 (left) to 100',
          })}
          {text('location.y', 'Floor-plan y', {
            optional: true,
            inputMode: 'decimal',
            hint: '0 (top) to 100',
          })}
        </div>
        <div className="dialog__footer">
          <Button onClick={() => onClose(null)} disabled={submitting}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={submitting} disabled={models.length === 0}>
            Add device
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
