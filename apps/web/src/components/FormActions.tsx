import type { ReactNode } from 'react';
import { Button } from './Button';

interface FormActionsProps {
  submitLabel: ReactNode;
  /** While the form is being sent: the submit button spins and Cancel waits. */
  submitting: boolean;
  onCancel: () => void;
  /** In a dialog the buttons sit in its footer. */
  inDialog?: boolean;
  submitDisabled?: boolean;
}

/** Cancel and submit, at the foot of a form. */
export function FormActions({
  submitLabel,
  submitting,
  onCancel,
  inDialog,
  submitDisabled,
}: FormActionsProps) {
  return (
    <div className={inDialog ? 'dialog__footer' : 'form-actions'}>
      <Button onClick={onCancel} disabled={submitting}>
        Cancel
      </Button>
      <Button type="submit" variant="primary" busy={submitting} disabled={submitDisabled}>
        {submitLabel}
      </Button>
    </div>
  );
}
