import { severities, type Severity } from '@dtwin/contracts/alerts';
import {
  channelTypes,
  type Channel,
  type ChannelType,
  type CreateChannelBody,
  type UpdateChannelBody,
} from '@dtwin/contracts/notifications';
import { useId, useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { unplacedFieldErrors, type FieldErrors } from '../../lib/form-errors';
import { severityLabels } from '../alerts/alert-labels';
import {
  channelErrorsFromServer,
  channelFields,
  createBodyFromValues,
  emptyChannel,
  updateBodyFromValues,
  valuesFromChannel,
  type ChannelFormValues,
} from './channel-form';
import { channelTypeLabels } from './channel-labels';
import { EmailSettingsFields } from './EmailSettingsFields';
import { SecretField } from './SecretField';

const typeOptions = channelTypes.map((t) => ({ value: t, label: channelTypeLabels[t] }));
const severityOptions = severities.map((s) => ({ value: s, label: `${severityLabels[s]} and above` }));

type ChannelFormProps =
  | { existing: null; onSubmit: (body: CreateChannelBody) => Promise<void>; onCancel: () => void }
  | { existing: Channel; onSubmit: (body: UpdateChannelBody) => Promise<void>; onCancel: () => void };

export function ChannelForm(props: ChannelFormProps) {
  const { existing, onCancel } = props;
  const ids = useId();
  const [values, setValues] = useState<ChannelFormValues>(() =>
    existing ? valuesFromChannel(existing) : emptyChannel(),
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const stored = existing?.has_secret ?? false;

  function change<K extends keyof ChannelFormValues>(field: K, value: ChannelFormValues[K]) {
    setValues((current) => ({ ...current, [field]: value }));
    setErrors(({ [field]: _old, ...rest }) => rest);
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setSubmitting(true);
    try {
      if (props.existing === null) {
        const checked = createBodyFromValues(values);
        if (!checked.ok) return setErrors(checked.errors);
        await props.onSubmit(checked.body);
      } else {
        const checked = updateBodyFromValues(values);
        if (!checked.ok) return setErrors(checked.errors);
        await props.onSubmit(checked.body);
      }
    } catch (err) {
      setError(err);
      setErrors(channelErrorsFromServer(err));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 className="panel__title" id={`${ids}-title`}>
        {existing ? `Edit ${existing.name}` : 'New notification channel'}
      </h2>
      {error !== null && (
        <ErrorBanner
          title="The channel was not saved"
          error={error}
          details={unplacedFieldErrors(errors, channelFields)}
        />
      )}
      <form onSubmit={handleSubmit} noValidate className="stack" autoComplete="off">
        <div className="form-grid">
          <SelectField
            label="Type"
            name="type"
            options={typeOptions}
            value={values.type}
            disabled={existing !== null}
            hint={existing ? 'The type of a channel cannot change; add a new one instead.' : undefined}
            onChange={(e) => change('type', e.target.value as ChannelType)}
            error={errors.type}
          />
          <TextField
            label="Name"
            name="name"
            autoFocus
            maxLength={120}
            placeholder="e.g. Night shift e-mail"
            value={values.name}
            onChange={(e) => change('name', e.target.value)}
            error={errors.name}
          />
          <SelectField
            label="Sends alerts of"
            name="min_severity"
            options={severityOptions}
            value={values.min_severity}
            onChange={(e) => change('min_severity', e.target.value as Severity)}
            error={errors.min_severity}
          />
        </div>
        {values.type === 'email' ? (
          <EmailSettingsFields values={values} errors={errors} passwordStored={stored} onChange={change} />
        ) : (
          <fieldset className="form-section">
            <legend>{values.type === 'slack' ? 'Slack incoming webhook' : 'Webhook'}</legend>
            <div className="form-grid">
              <SecretField
                label="Webhook URL"
                name="url"
                value={values.url}
                stored={stored}
                required={!existing}
                hint={
                  existing?.secret_hint
                    ? `Now sending to ${existing.secret_hint}.`
                    : 'Kept encrypted; it is never shown again.'
                }
                onChange={(v) => change('url', v)}
                error={errors.url}
              />
              {values.type === 'webhook' && (
                <SecretField
                  label="Signing secret"
                  name="signing_secret"
                  value={values.signing_secret}
                  stored={stored}
                  required={!existing}
                  hint="At least 16 characters. Each delivery carries an HMAC-SHA256 signature made with it."
                  onChange={(v) => change('signing_secret', v)}
                  error={errors.signing_secret}
                />
              )}
            </div>
          </fieldset>
        )}
        <label className="checkbox">
          <input
            type="checkbox"
            name="enabled"
            checked={values.enabled}
            onChange={(e) => change('enabled', e.target.checked)}
          />
          Enabled: deliver notifications through this channel
        </label>
        <div className="form-actions">
          <Button onClick={onCancel} disabled={submitting}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={submitting}>
            {existing ? 'Save channel' : 'Create channel'}
          </Button>
        </div>
      </form>
    </section>
  );
}
