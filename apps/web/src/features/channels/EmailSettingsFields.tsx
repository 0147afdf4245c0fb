import { TextField } from '../../components/TextField';
import type { FormFields } from '../../lib/use-form-fields';
import type { ChannelFormValues } from './channel-form';
import { SecretField } from './SecretField';

interface EmailSettingsFieldsProps {
  form: Pick<FormFields<ChannelFormValues>, 'values' | 'bind' | 'bindCheckbox'>;
  /** Whether the channel already has an SMTP password stored. */
  passwordStored: boolean;
}

export function EmailSettingsFields({ form, passwordStored }: EmailSettingsFieldsProps) {
  const { values, bind, bindCheckbox } = form;
  return (
    <fieldset className="form-section">
      <legend>SMTP server and recipients</legend>
      <div className="form-grid">
        <TextField
          label="SMTP host"
          name="host"
          maxLength={255}
          autoCapitalize="none"
          spellCheck={false}
          placeholder="smtp.example.com"
          {...bind('host')}
        />
        <TextField
          label="Port"
          name="port"
          maxLength={5}
          inputMode="numeric"
          {...bind('port')}
          hint="587 with STARTTLS, 465 with TLS."
        />
        <TextField
          label="User name"
          name="smtp-user"
          maxLength={255}
          optional
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          {...bind('user')}
        />
        <SecretField
          label="Password"
          name="smtp-password"
          {...bind('password')}
          stored={passwordStored && !values.removePassword}
          required={false}
        />
        <TextField
          label="From"
          name="from"
          maxLength={254}
          type="email"
          autoComplete="off"
          placeholder="alerts@plant.example"
          {...bind('from')}
        />
        <TextField
          label="To"
          name="to"
          maxLength={2000}
          autoComplete="off"
          placeholder="shift@plant.example, maintenance@plant.example"
          {...bind('to')}
          hint="One or more addresses, separated by commas."
        />
      </div>
      <div className="checkbox-row">
        <label className="checkbox">
          <input type="checkbox" name="secure" {...bindCheckbox('secure')} />
          TLS from the first byte (port 465)
        </label>
        {passwordStored && (
          <label className="checkbox">
            <input
              type="checkbox"
              name="remove-password"
              {...bindCheckbox('removePassword')}
              disabled={values.password !== ''}
            />
            Remove the stored password
          </label>
        )}
      </div>
    </fieldset>
  );
}
