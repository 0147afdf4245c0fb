import { severities } from '@dtwin/contracts/alerts';
import {
  channelTypes,
  type Channel,
  type CreateChannelBody,
  type UpdateChannelBody,
} from '@dtwin/contracts/notifications';
import { useId } from 'react';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { optionsOf } from '../../components/Select';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { useFormFields } from '../../lib/use-form-fields';
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

const typeOptions = optionsOf(channelTypes, channelTypeLabels);
const severityOptions = severities.map((s) => ({ value: s, label: `${severityLabels[s]} and above` }));

type ChannelFormProps =
  | { existing: null; onSubmit: (body: CreateChannelBody) => Promise<void>; onCancel: () => void }
  | { existing: Channel; onSubmit: (body: UpdateChannelBody) => Promise<void>; onCancel: () => void };

export function ChannelForm(props: ChannelFormProps) {
  const { existing, onCancel } = props;
  const ids = useId();
  const form = useFormFields<ChannelFormValues, CreateChannelBody | UpdateChannelBody>(
    () => (existing ? valuesFromChannel(existing) : emptyChannel()),
    {
      validate: existing ? updateBodyFromValues : createBodyFromValues,
      // The body was checked by the schema of this very branch.
      send: (body) =>
        props.existing === null ? props.onSubmit(body as CreateChannelBody) : props.onSubmit(body),
      serverErrors: channelErrorsFromServer,
    },
  );
  const { values, bind } = form;
  const stored = existing?.has_secret ?? false;

  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 className="panel__title" id={`${ids}-title`}>
        {existing ? `Edit ${existing.name}` : 'New notification channel'}
      </h2>
      <FormError form={form} title="The channel was not saved" fields={channelFields} />
      <form onSubmit={form.handleSubmit} noValidate className="stack" autoComplete="off">
        <div className="form-grid">
          <SelectField
            label="Type"
            name="type"
            options={typeOptions}
            {...bind('type')}
            disabled={existing !== null}
            hint={existing ? 'The type of a channel cannot change; add a new one instead.' : undefined}
          />
          <TextField
            label="Name"
            name="name"
            autoFocus
            maxLength={120}
            placeholder="e.g. Night shift e-mail"
            {...bind('name')}
          />
          <SelectField
            label="Sends alerts of"
            name="min_severity"
            options={severityOptions}
            {...bind('min_severity')}
          />
        </div>
        {values.type === 'email' ? (
          <EmailSettingsFields form={form} passwordStored={stored} />
        ) : (
          <fieldset className="form-section">
            <legend>{values.type === 'slack' ? 'Slack incoming webhook' : 'Webhook'}</legend>
            <div className="form-grid">
              <SecretField
                label="Webhook URL"
                name="url"
                {...bind('url')}
                stored={stored}
                required={!existing}
                hint={
                  existing?.secret_hint
                    ? `Now sending to ${existing.secret_hint}.`
                    : 'Kept encrypted; it is never shown again.'
                }
              />
              {values.type === 'webhook' && (
                <SecretField
                  label="Signing secret"
                  name="signing_secret"
                  {...bind('signing_secret')}
                  stored={stored}
                  required={!existing}
                  hint="At least 16 characters. Each delivery carries an HMAC-SHA256 signature made with it."
                />
              )}
            </div>
          </fieldset>
        )}
        <label className="checkbox">
          <input type="checkbox" name="enabled" {...form.bindCheckbox('enabled')} />
          Enabled: deliver notifications through this channel
        </label>
        <FormActions
          submitLabel={existing ? 'Save channel' : 'Create channel'}
          submitting={form.submitting}
          onCancel={onCancel}
        />
      </form>
    </section>
  );
}
