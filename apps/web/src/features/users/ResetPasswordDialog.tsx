import { passwordSchema } from '@dtwin/contracts/auth';
import type { User } from '@dtwin/contracts/users';
import { Dialog } from '../../components/Dialog';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { TextField } from '../../components/TextField';
import { checkWith } from '../../lib/form-errors';
import { useFormFields } from '../../lib/use-form-fields';
import { PasswordCheck } from '../auth/PasswordCheck';

interface ResetPasswordDialogProps {
  user: User;
  isSelf: boolean;
  /** Sends the new password; rejects with the server's error. */
  onSubmit: (password: string) => Promise<void>;
  onClose: () => void;
}

export function ResetPasswordDialog({ user, isSelf, onSubmit, onClose }: ResetPasswordDialogProps) {
  const form = useFormFields(
    { password: '' },
    {
      validate: ({ password }) => {
        const checked = checkWith(passwordSchema, password);
        // The schema checks a bare string, so its problem has no field name.
        return checked.ok ? checked : { ok: false, errors: { password: checked.errors[''] ?? '' } };
      },
      send: onSubmit,
    },
  );
  const busy = form.submitting;

  return (
    <Dialog title={`Reset the password of ${user.username}`} onClose={() => !busy && onClose()}>
      <form onSubmit={form.handleSubmit} noValidate>
        <div className="dialog__body">
          <p>
            {isSelf
              ? 'This is your own account: you will be signed out and must sign in with the new password.'
              : `${user.username} will be signed out everywhere and must sign in with the new password.`}
          </p>
          <FormError form={form} />
          <TextField
            label="New password"
            name="new-password"
            maxLength={256}
            type="password"
            autoComplete="new-password"
            data-autofocus
            {...form.bind('password')}
            hint={
              <PasswordCheck
                password={form.values.password}
                username={user.username}
                hint="At least 10 characters, hard to guess, without the user name."
              />
            }
          />
        </div>
        <FormActions submitLabel="Reset password" submitting={busy} onCancel={onClose} inDialog />
      </form>
    </Dialog>
  );
}
