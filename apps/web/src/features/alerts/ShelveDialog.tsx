import { shelveBodySchema, type Alert, type ShelveBody } from '@dtwin/contracts/alerts';
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { fieldErrorsFromError, fieldErrorsFromIssues, type FieldErrors } from '../../lib/form-errors';

const durations = [
  { value: '900', label: '15 minutes' },
  { value: '3600', label: '1 hour' },
  { value: '14400', label: '4 hours' },
  { value: '28800', label: '8 hours (a shift)' },
  { value: '86400', label: '1 day' },
  { value: '604800', label: '7 days' },
];

interface ShelveDialogProps {
  alert: Alert;
  /** Sends the request; rejects with the server's error. */
  onSubmit: (body: ShelveBody) => Promise<void>;
  onClose: () => void;
}

/** Shelving silences an alert's notifications for a while; the reason is kept with it. */
export function ShelveDialog({ alert, onSubmit, onClose }: ShelveDialogProps) {
  const [duration, setDuration] = useState('3600');
  const [reason, setReason] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const parsed = shelveBodySchema.safeParse({ duration_s: Number(duration), reason });
    if (!parsed.success) {
      setFieldErrors(fieldErrorsFromIssues(parsed.error.issues));
      return;
    }
    setBusy(true);
    try {
      await onSubmit(parsed.data);
    } catch (err) {
      setError(err);
      setFieldErrors(fieldErrorsFromError(err));
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Shelve ${alert.rule_name} on ${alert.device_id}`} onClose={() => !busy && onClose()}>
      <form onSubmit={handleSubmit} noValidate>
        <div className="dialog__body stack">
          <p>No notifications are sent for it until the time is up; it stays in the list as shelved.</p>
          {error !== null && <ErrorBanner error={error} />}
          <SelectField
            label="For how long"
            name="duration"
            options={durations}
            value={duration}
            onChange={(e) => setDuration(e.target.value)}
            error={fieldErrors.duration_s}
          />
          <TextField
            label="Reason"
            name="reason"
            data-autofocus
            maxLength={500}
            placeholder="e.g. sensor being replaced"
            value={reason}
            onChange={(e) => {
              setReason(e.target.value);
              setFieldErrors(({ reason: _old, ...rest }) => rest);
            }}
            error={fieldErrors.reason && 'Say why, so the next shift knows.'}
          />
        </div>
        <div className="dialog__footer">
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={busy}>
            Shelve
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
