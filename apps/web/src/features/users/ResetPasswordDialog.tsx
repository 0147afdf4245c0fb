import { passwordSchema } from '@dtwin/contracts/auth';
import type { User } from '@dtwin/contracts/users';
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { ErrorBanner } from '../../components/ErrorBanner';
import { TextField } from '../../components/TextField';
import { fieldErrorsFromError, fieldErrorsFromIssues } from '../../lib/form-errors';

interface ResetPasswordDialogProps {
  user: User;
  isSelf: boolean;
  /** Sends the new password; rejects with the server's error. */
  onSubmit: (password: string) => Promise<void>;
  onClose: () => void;
}

export function ResetPasswordDialog({ user, isSelf, onSubmit, onClose }: ResetPasswordDialogProps) {
  const [password, setPassword] = useState('');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const parsed = passwordSchema.safeParse(password);
    if (!parsed.success) {
      setFieldError(fieldErrorsFromIssues(parsed.error.issues)['']);
      return;
    }
    setBusy(true);
    try {
      await onSubmit(parsed.data);
    } catch (err) {
      setError(err);
      setFieldError(fieldErrorsFromError(err).password);
      setBusy(false);
    }
  }

  return (
    <Dialog title={`Reset the password of ${user.username}`} onClose={() => !busy && onClose()}>
      <form onSubmit={handleSubmit} noValidate>
        <div className="dialog__body">
          <p>
            {isSelf
              ? 'This is your own account: you will be signed out and must sign in with the new password.'
              : `${user.username} will be signed out everywhere and must sign in with the new password.`}
          </p>
          {error !== null && <ErrorBanner error={error} />}
          <TextField
            label="New password"
            name="new-password"
            type="password"
            autoComplete="new-password"
            data-autofocus
            value={password}
            onChange={(e) => {
              setPassword(e.target.value);
              setFieldError(undefined);
            }}
            hint="At least 10 characters."
            error={fieldError}
          />
        </div>
        <div className="dialog__footer">
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={busy}>
            Reset password
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
