import type { Command, CommandParams, CommandStatus } from '@dtwin/contracts/commands';
import type { CommandDefinition, DeviceModel } from '@dtwin/contracts/models';
import { useState, type FormEvent } from 'react';
import { Badge, type BadgeTone } from '../../components/Badge';
import { Button } from '../../components/Button';
import { DataTable, type Column } from '../../components/DataTable';
import { DateTime } from '../../components/DateTime';
import { ErrorBanner } from '../../components/ErrorBanner';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { describeError, isApiError } from '../../lib/api-error';
import { useHttp } from '../../lib/http-context';
import { useSocketEvent } from '../../lib/socket-hooks';
import { useQuery } from '../../lib/use-query';
import { AnalyticsSection } from './AnalyticsSection';
import { listCommands, mergeCommand, sendCommand } from './commands-api';

const STATUS: Record<CommandStatus, { label: string; tone: BadgeTone }> = {
  pending: { label: 'Waiting for the device', tone: 'neutral' },
  delivered: { label: 'Delivered', tone: 'info' },
  succeeded: { label: 'Succeeded', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
  timed_out: { label: 'No answer', tone: 'warning' },
  expired: { label: 'Expired', tone: 'warning' },
};

/** A result as a person reads it: short values inline, anything else as compact JSON. */
export function formatResult(result: unknown): string {
  if (result === null || result === undefined) return '';
  if (typeof result !== 'object') return String(result);
  const inner = (v: unknown): string =>
    Array.isArray(v)
      ? v.length === 0
        ? 'none'
        : v.map(String).join(', ')
      : typeof v === 'object' && v !== null
        ? `(${Object.entries(v)
            .map(([k, x]) => `${k} ${typeof x === 'object' ? JSON.stringify(x) : String(x)}`)
            .join(', ')})`
        : String(v);
  return Object.entries(result as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${inner(v)}`)
    .join('; ');
}

const columns: Column<Command>[] = [
  { key: 'sent', header: 'Sent', render: (c) => <DateTime value={c.created_at} /> },
  {
    key: 'command',
    header: 'Command',
    render: (c) => (
      <>
        <code>{c.name}</code>
        {Object.keys(c.params).length > 0 && <span className="cell--muted"> {formatResult(c.params)}</span>}
      </>
    ),
  },
  {
    key: 'status',
    header: 'Status',
    render: (c) => <Badge tone={STATUS[c.status].tone}>{STATUS[c.status].label}</Badge>,
  },
  {
    key: 'result',
    header: 'Result',
    render: (c) => (
      <span className="command-result">
        {formatResult(c.result)}
        {c.message && <span className="cell--muted"> {c.message}</span>}
      </span>
    ),
  },
  { key: 'by', header: 'By', render: (c) => c.created_by ?? '—' },
];

/** Commands to the device: operators send one the model accepts; every command's progress shows live. */
export function CommandsPanel({
  deviceId,
  model,
  canSend,
}: {
  deviceId: string;
  model: DeviceModel;
  canSend: boolean;
}) {
  const http = useHttp();
  const commands = useQuery(['commands', deviceId], (signal) => listCommands(http, deviceId, signal));
  useSocketEvent('command', ({ command }) => {
    if (command.device_id === deviceId) commands.update((list) => mergeCommand(list, command));
  });
  return (
    <section className="panel" aria-labelledby="commands-title">
      <h2 className="panel__title" id="commands-title">
        Commands
      </h2>
      {model.commands.length === 0 ? (
        <p className="cell--muted">Devices of this model accept no commands.</p>
      ) : (
        canSend && (
          <SendCommandForm
            definitions={model.commands}
            onSend={async (body) => {
              const sent = await sendCommand(http, deviceId, body);
              commands.update((list) => mergeCommand(list, sent));
            }}
          />
        )
      )}
      <AnalyticsSection what="Commands" query={commands}>
        {(items) =>
          items.length === 0 ? (
            <p className="cell--muted">No command has been sent to this device.</p>
          ) : (
            <DataTable caption="Commands sent to the device, newest first" columns={columns} rows={items} />
          )
        }
      </AnalyticsSection>
    </section>
  );
}

/** The value typed for a parameter, as the definition wants it (or undefined when left empty). */
function toParam(def: CommandDefinition['params'][number], raw: string): CommandParams[string] | undefined {
  if (raw === '') return undefined;
  if (def.type === 'boolean') return raw === 'true';
  if (def.type === 'number' || def.type === 'integer') return Number(raw);
  return raw;
}

function SendCommandForm({
  definitions,
  onSend,
}: {
  definitions: readonly CommandDefinition[];
  onSend: (body: { name: string; params: CommandParams }) => Promise<void>;
}) {
  const [name, setName] = useState(definitions[0]?.name ?? '');
  const [values, setValues] = useState<Record<string, string>>({});
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<{ message: string; fields: Readonly<Record<string, string>> } | null>(
    null,
  );
  const definition = definitions.find((d) => d.name === name);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!definition) return;
    const params: CommandParams = {};
    for (const p of definition.params) {
      const value = toParam(p, values[p.name] ?? '');
      if (value !== undefined) params[p.name] = value;
    }
    setSending(true);
    setError(null);
    try {
      await onSend({ name, params });
      setValues({});
    } catch (err) {
      setError({ message: describeError(err), fields: isApiError(err) ? err.fields : {} });
    } finally {
      setSending(false);
    }
  };

  return (
    <form className="command-form" onSubmit={(e) => void submit(e)} noValidate aria-label="Send a command">
      {error && <ErrorBanner title="The command was not sent" error={error.message} />}
      <SelectField
        label="Command"
        options={definitions.map((d) => ({ value: d.name, label: d.label }))}
        value={name}
        onChange={(e) => {
          setName(e.target.value);
          setValues({});
          setError(null);
        }}
        {...(definition?.description ? { hint: definition.description } : {})}
      />
      {definition?.params.map((p) => {
        const common = {
          label: `${p.label}${p.unit ? ` (${p.unit})` : ''}`,
          value: values[p.name] ?? '',
          error: error?.fields[`params.${p.name}`],
          onChange: (e: { target: { value: string } }) =>
            setValues((v) => ({ ...v, [p.name]: e.target.value })),
        };
        if (p.enum || p.type === 'boolean') {
          const options = p.type === 'boolean' ? ['true', 'false'] : (p.enum ?? []);
          return (
            <SelectField
              key={p.name}
              {...common}
              options={[
                ...(p.required ? [] : [{ value: '', label: 'Device default' }]),
                ...options.map((o) => ({ value: o, label: o })),
              ]}
            />
          );
        }
        return (
          <TextField
            key={p.name}
            {...common}
            optional={!p.required}
            type={p.type === 'string' ? 'text' : 'number'}
            {...(p.min !== undefined ? { min: p.min } : {})}
            {...(p.max !== undefined ? { max: p.max } : {})}
          />
        );
      })}
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={sending} disabled={!definition}>
          Send {definition?.label.toLowerCase() ?? 'command'}
        </Button>
      </div>
    </form>
  );
}
