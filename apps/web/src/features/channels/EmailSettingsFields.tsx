import { TextField } from '../../components/TextField';
import type { FieldErrors } from '../../lib/form-errors';
import type { ChannelFormValues } from './channel-form';
import { SecretField } from './SecretField';

interface EmailSettingsFieldsProps {
  values: ChannelFormValues;
  errors: FieldErrors;
  /** Whether the channel already has an SMTP password stored. */
  passwordStored: boolean;
  onChange: <K extends keyof ChannelFormValues>(field: K, value: ChannelFormValues[K]) => void;
}

export function EmailSettingsFields({ values, errors, passwordStored, onChange }: EmailSettingsFieldsProps) {
  return (
    <fieldset className="form-section">
      <legend>SMTP server and recipients</legend>
      <div className="form-grid">
        <TextField
          label="SMTP host"
          name="host"
          autoCapitalize="none"
          spellCheck={false}
          placeholder="smtp.example.com"
          value={values.host}
          onChange={(e) => onChange('host', e.target.value)}
          error={errors.host}
        />
        <TextField
          label="Port"
          name="port"
          inputMode="numeric"
          value={values.port}
          onChange={(e) => onChange('port', e.target.value)}
          hint="587 with STARTTLS, 465 with TLS."
          error={errors.port}
        />
        <TextField
          label="User name"
          name="smtp-user"
          optional
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          value={values.user}
          onChange={(e) => onChange('user', e.target.value)}
          error={errors.user}
        />
        <SecretField
          label="Password"
          name="smtp-password"
          value={values.password}
          stored={passwordStored && !values.removePassword}
          required={false}
          onChange={(v) => onChange('password', v)}
          error={errors.password}
        />
        <TextField
          label="From"
          name="from"
          type="email"
          autoComplete="off"
          placeholder="alerts@plant.example"
          value={values.from}
          onChange={(e) => onChange('from', e.target.value)}
          error={errors.from}
        />
        <TextField
          label="To"
          name="to"
          autoComplete="off"
          placeholder="shift@plant.example, maintenance@plant.example"
          value={values.to}
          onChange={(e) => onChange('to', e.target.value)}
          hint="One or more addresses, separated by commas."
          error={errors.to}
        />
      </div>
      <div className="checkbox-row">
        <label className="checkbox">
          <input
            type="checkbox"
            name="secure"
            checked={values.secure}
            onChange={(e) => onChange('secure', e.target.checked)}
          />
          TLS from the first byte (port 465)
        </label>
        {passwordStored && (
          <label className="checkbox">
            <input
              type="checkbox"
              name="remove-password"
              checked={values.removePassword}
              disabled={values.password !== ''}
              onChange={(e) => onChange('removePassword', e.target.checked)}
            />
            Remove the stored password
          </label>
        )}
      </div>
    </fieldset>
  );
}
