import { createDeviceBodySchema, type CreateDeviceBody, type Device } from '@dtwin/contracts/devices';
import type { DeviceModel } from '@dtwin/contracts/models';
import { useState } from 'react';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { sentence, type Checked } from '../../lib/form-errors';
import { useHttp } from '../../lib/http-context';
import { useFormFields } from '../../lib/use-form-fields';
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

const coordinate = (text: string) => (text.trim() === '' ? null : Number(text));

/** The body to send, or what is wrong: plain words for the mistakes people make, the schema's for the rest. */
function checkDevice(values: Values): Checked<CreateDeviceBody> {
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
  const errors: Record<string, string> = {};
  if (!values.name.trim()) errors.name = 'Enter a name.';
  for (const axis of ['location.x', 'location.y'] as const) {
    const n = coordinate(values[axis]);
    if (n !== null && !(n >= 0 && n <= 100))
      errors[axis] = 'Enter a number from 0 to 100, or leave it empty.';
  }
  if (!parsed.success)
    for (const issue of parsed.error.issues) errors[issue.path.join('.')] ??= sentence(issue.message);
  return parsed.success && Object.keys(errors).length === 0
    ? { ok: true, body: parsed.data }
    : { ok: false, errors };
}

/** Registers a device (admins), then shows its ingestion token once. */
export function AddDeviceDialog({ models, onClose }: AddDeviceDialogProps) {
  const http = useHttp();
  const [created, setCreated] = useState<{ device: Device; token: string } | null>(null);
  const form = useFormFields<Values, CreateDeviceBody>(
    { ...empty, model: models[0]?.id ?? '' },
    {
      validate: checkDevice,
      send: async (body) => setCreated(await createDevice(http, body)),
    },
  );
  const submitting = form.submitting;

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

  return (
    <Dialog title="Add a device" onClose={() => !submitting && onClose(null)}>
      <FormError form={form} title="The device was not added" fields={fields} />
      <form onSubmit={form.handleSubmit} noValidate>
        <div className="form-grid">
          <TextField
            label="Device ID"
            {...form.bind('id')}
            maxLength={64}
            autoComplete="off"
            spellCheck={false}
            hint="Letters, digits, _ . - (e.g. PUMP_014). Also its MQTT user name; it cannot change."
            data-autofocus
          />
          <TextField label="Name" maxLength={120} {...form.bind('name')} />
          <SelectField
            label="Model"
            {...form.bind('model')}
            options={models.map((m) => ({ value: m.id, label: m.name }))}
          />
          <TextField label="Site" maxLength={120} {...form.bind('location.site')} optional />
          <TextField label="Zone" maxLength={120} {...form.bind('location.zone')} optional />
          <TextField
            label="Floor-plan x"
            maxLength={8}
            {...form.bind('location.x')}
            optional
            inputMode="decimal"
            hint="0 (left) to 100"
          />
          <TextField
            label="Floor-plan y"
            maxLength={8}
            {...form.bind('location.y')}
            optional
            inputMode="decimal"
            hint="0 (top) to 100"
          />
        </div>
        <FormActions
          submitLabel="Add device"
          submitting={submitting}
          onCancel={() => onClose(null)}
          inDialog
          submitDisabled={models.length === 0}
        />
      </form>
    </Dialog>
  );
}
