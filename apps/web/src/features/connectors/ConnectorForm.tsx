import {
  connectorTypes,
  type ConnectorType,
  type CreateConnectorBody,
  type UpdateConnectorBody,
} from '@dtwin/contracts/connectors';
import { useId, useState, type FormEvent } from 'react';
import { ErrorBanner } from '../../components/ErrorBanner';
import { FormActions } from '../../components/FormActions';
import { optionsOf } from '../../components/Select';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import {
  configFields,
  connectorTypeLabels,
  createBodyFromValues,
  defaultConfig,
  emptyMapping,
  updateBodyFromValues,
  type ConnectorFormValues,
} from './connector-form';
import { MappingsEditor } from './MappingsEditor';
import { OpcuaBrowser } from './OpcuaBrowser';

type ConnectorFormProps =
  | { existing: null; onSubmit: (body: CreateConnectorBody) => Promise<void>; onCancel: () => void }
  | {
      existing: { values: ConnectorFormValues; secretsSet: string[]; connected: boolean };
      onSubmit: (body: UpdateConnectorBody) => Promise<void>;
      onCancel: () => void;
    };

const typeOptions = optionsOf(connectorTypes, connectorTypeLabels);

/** Create or edit a connector: its protocol's settings, then its mappings (OPC UA: picked by browsing). */
export function ConnectorForm(props: ConnectorFormProps) {
  const { existing, onCancel } = props;
  const ids = useId();
  const [values, setValues] = useState<ConnectorFormValues>(
    () =>
      existing?.values ?? {
        id: '',
        type: 'opcua',
        enabled: true,
        config: { ...defaultConfig.opcua },
        mappings: [emptyMapping('opcua')],
      },
  );
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const [browsing, setBrowsing] = useState(false);
  const setConfig = (name: string, v: string | boolean) =>
    setValues((s) => ({ ...s, config: { ...s.config, [name]: v } }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    let send: () => Promise<void>;
    if (props.existing === null) {
      const built = createBodyFromValues(values);
      if ('error' in built) return setError(built.error);
      send = () => props.onSubmit(built.body);
    } else {
      const body = updateBodyFromValues(values);
      send = () => props.onSubmit(body);
    }
    setSubmitting(true);
    try {
      await send();
    } catch (e) {
      setError(e);
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <section className="panel" aria-labelledby={`${ids}-title`}>
      <h2 className="panel__title" id={`${ids}-title`}>
        {existing ? `Edit ${values.id}` : 'New connector'}
      </h2>
      {error !== null && <ErrorBanner title="The connector was not saved" error={error} />}
      <form onSubmit={submit} noValidate className="stack" autoComplete="off">
        <div className="form-grid">
          <TextField
            label="Id"
            value={values.id}
            disabled={existing !== null}
            hint="Letters, digits, _ . - (at most 64)"
            onChange={(e) => setValues((s) => ({ ...s, id: e.target.value }))}
          />
          <SelectField
            label="Protocol"
            options={typeOptions}
            value={values.type}
            disabled={existing !== null}
            onChange={(e) => {
              const type = e.target.value as ConnectorType;
              setValues((s) => ({
                ...s,
                type,
                config: { ...defaultConfig[type] },
                mappings: [emptyMapping(type)],
              }));
            }}
          />
          {configFields[values.type].map((f) =>
            f.kind === 'select' ? (
              <SelectField
                key={f.name}
                label={f.label}
                options={(f.options ?? []).map((o) => ({ value: o, label: o }))}
                value={String(values.config[f.name] ?? '')}
                onChange={(e) => setConfig(f.name, e.target.value)}
              />
            ) : f.kind === 'checkbox' ? (
              <label key={f.name} className="checkbox">
                <input
                  type="checkbox"
                  checked={values.config[f.name] === true}
                  onChange={(e) => setConfig(f.name, e.target.checked)}
                />
                {f.label}
              </label>
            ) : (
              <TextField
                key={f.name}
                label={f.label}
                type={f.kind === 'password' ? 'password' : f.kind === 'number' ? 'number' : 'text'}
                optional={f.optional}
                hint={
                  f.kind === 'password' && existing?.secretsSet.includes(f.name)
                    ? 'Stored; leave empty to keep it'
                    : f.hint
                }
                value={String(values.config[f.name] ?? '')}
                onChange={(e) => setConfig(f.name, e.target.value)}
              />
            ),
          )}
          <label className="checkbox">
            <input
              type="checkbox"
              checked={values.enabled}
              onChange={(e) => setValues((s) => ({ ...s, enabled: e.target.checked }))}
            />
            Enabled
          </label>
        </div>
        <h3>Mappings</h3>
        <MappingsEditor
          type={values.type}
          rows={values.mappings}
          onChange={(mappings) => setValues((s) => ({ ...s, mappings }))}
        />
        {values.type === 'opcua' && existing?.connected && (
          <div className="stack">
            <div>
              <button type="button" className="link-button" onClick={() => setBrowsing((b) => !b)}>
                {browsing ? 'Hide the server’s variables' : 'Browse the server to pick variables'}
              </button>
            </div>
            {browsing && (
              <OpcuaBrowser
                connectorId={values.id}
                onPick={(item) =>
                  setValues((s) => ({
                    ...s,
                    mappings: [
                      ...s.mappings.filter((m) => m.device_id || m.metric || m.source.node_id),
                      {
                        ...emptyMapping('opcua'),
                        metric: item.display_name.toLowerCase().replace(/[^a-z0-9_]/g, '_'),
                        source: { node_id: item.node_id },
                      },
                    ],
                  }))
                }
              />
            )}
          </div>
        )}
        {values.type === 'opcua' && !existing && (
          <p className="cell--muted">
            Save the connector first; once it is connected, Edit lets you browse its server.
          </p>
        )}
        <FormActions
          submitLabel={existing ? 'Save connector' : 'Create connector'}
          submitting={submitting}
          onCancel={onCancel}
        />
      </form>
    </section>
  );
}
