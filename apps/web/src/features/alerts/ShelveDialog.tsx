import { shelveBodySchema, type ShelveBody } from '@dtwin/contracts/alerts';
import { Dialog } from '../../components/Dialog';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { checkWith } from '../../lib/form-errors';
import { useFormFields } from '../../lib/use-form-fields';

const durations = [
  { value: '900', label: '15 minutes' },
  { value: '3600', label: '1 hour' },
  { value: '14400', label: '4 hours' },
  { value: '28800', label: '8 hours (a shift)' },
  { value: '86400', label: '1 day' },
  { value: '604800', label: '7 days' },
];

interface ShelveDialogProps {
  /** What is shelved: "High temperature on T_1", "3 alerts". */
  subject: string;
  /** Sends the request; rejects with the server's error. */
  onSubmit: (body: ShelveBody) => Promise<void>;
  onClose: () => void;
}

/** Shelving silences an alert's notifications for a while; the reason is kept with it. */
export function ShelveDialog({ subject, onSubmit, onClose }: ShelveDialogProps) {
  const form = useFormFields(
    { duration_s: '3600', reason: '' },
    {
      validate: ({ duration_s, reason }) =>
        checkWith(shelveBodySchema, { duration_s: Number(duration_s), reason }),
      send: onSubmit,
    },
  );
  const busy = form.submitting;

  return (
    <Dialog title={`Shelve ${subject}`} onClose={() => !busy && onClose()}>
      <form onSubmit={form.handleSubmit} noValidate>
        <div className="dialog__body stack">
          <p>No notifications are sent for it until the time is up; it stays in the list as shelved.</p>
          <FormError form={form} />
          <SelectField
            label="For how long"
            name="duration"
            options={durations}
            {...form.bind('duration_s')}
          />
          <TextField
            label="Reason"
            name="reason"
            data-autofocus
            maxLength={500}
            placeholder="e.g. sensor being replaced"
            {...form.bind('reason')}
            error={form.errors.reason && 'Say why, so the next shift knows.'}
          />
        </div>
        <FormActions submitLabel="Shelve" submitting={busy} onCancel={onClose} inDialog />
      </form>
    </Dialog>
  );
}
