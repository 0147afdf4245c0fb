import { alertCommentBodySchema, MAX_COMMENT_LENGTH, type Alert } from '@dtwin/contracts/alerts';
import { DateTime } from '../../components/DateTime';
import { Dialog } from '../../components/Dialog';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { QueryView } from '../../components/QueryView';
import { TextField } from '../../components/TextField';
import { checkWith } from '../../lib/form-errors';
import { useHttp } from '../../lib/http-context';
import { useFormFields } from '../../lib/use-form-fields';
import { useQuery } from '../../lib/use-query';
import { addComment, listComments } from './alerts-api';

interface AlertCommentsDialogProps {
  alert: Alert;
  /** Operators and admins write; viewers read. */
  canWrite: boolean;
  onClose: () => void;
}

/** The notes people leave on an alert while they handle it, oldest first. */
export function AlertCommentsDialog({ alert, canWrite, onClose }: AlertCommentsDialogProps) {
  const http = useHttp();
  const comments = useQuery(['alert-comments', alert.id], (signal) => listComments(http, alert.id, signal));
  const form = useFormFields(
    { body: '' },
    {
      validate: (values) => checkWith(alertCommentBodySchema, values),
      send: async ({ body }) => {
        const comment = await addComment(http, alert.id, body);
        comments.update((list) => [...list, comment]);
        form.reset({ body: '' });
      },
    },
  );

  return (
    <Dialog
      title={`Comments on ${alert.rule_name} · ${alert.device_id}`}
      onClose={() => !form.submitting && onClose()}
    >
      <div className="dialog__body stack">
        <p className="cell--muted">{alert.message}</p>
        <QueryView query={comments} errorTitle="Could not load the comments" loadingLabel="Loading comments…">
          {(items) =>
            items.length === 0 ? (
              <p className="cell--muted">No comments yet.</p>
            ) : (
              <ol className="alert-comments" aria-label="Comments">
                {items.map((c) => (
                  <li key={c.id}>
                    <div className="alert-comments__meta">
                      <strong>{c.author}</strong> · <DateTime value={c.created_at} />
                    </div>
                    <div className="alert-comments__body">{c.body}</div>
                  </li>
                ))}
              </ol>
            )
          }
        </QueryView>
      </div>
      {canWrite ? (
        <form onSubmit={form.handleSubmit} noValidate>
          <div className="dialog__body stack">
            <FormError form={form} />
            <TextField
              label="Add a comment"
              name="comment"
              data-autofocus
              maxLength={MAX_COMMENT_LENGTH}
              placeholder="e.g. called the fitter, on site at 14:00"
              {...form.bind('body')}
            />
          </div>
          <FormActions submitLabel="Add comment" submitting={form.submitting} onCancel={onClose} inDialog />
        </form>
      ) : null}
    </Dialog>
  );
}
