import {
  createConnectorBodySchema,
  type Connector,
  type ConnectorType,
  type CreateConnectorBody,
  type UpdateConnectorBody,
} from '@dtwin/contracts/connectors';

/** One config field of a connector type, as the form shows it. */
export interface ConfigField {
  name: string;
  label: string;
  kind: 'text' | 'number' | 'password' | 'select' | 'checkbox';
  options?: readonly string[];
  hint?: string;
  optional?: boolean;
}

export const connectorTypeLabels: Record<ConnectorType, string> = {
  opcua: 'OPC UA',
  modbus_tcp: 'Modbus TCP',
  sparkplug_b: 'Sparkplug B',
};

export const configFields: Record<ConnectorType, ConfigField[]> = {
  opcua: [
    { name: 'endpoint_url', label: 'Endpoint URL', kind: 'text', hint: 'opc.tcp://plc-host:4840/path' },
    {
      name: 'security_mode',
      label: 'Security mode',
      kind: 'select',
      options: ['None', 'Sign', 'SignAndEncrypt'],
    },
    {
      name: 'security_policy',
      label: 'Security policy',
      kind: 'select',
      options: ['None', 'Basic256Sha256', 'Aes128_Sha256_RsaOaep', 'Aes256_Sha256_RsaPss'],
    },
    { name: 'username', label: 'Username', kind: 'text', optional: true, hint: 'Empty: anonymous' },
    { name: 'password', label: 'Password', kind: 'password', optional: true },
    { name: 'sampling_interval_ms', label: 'Sampling interval (ms)', kind: 'number' },
  ],
  modbus_tcp: [
    { name: 'host', label: 'Host', kind: 'text' },
    { name: 'port', label: 'Port', kind: 'number' },
    { name: 'unit_id', label: 'Unit id', kind: 'number' },
    { name: 'poll_interval_ms', label: 'Poll interval (ms)', kind: 'number' },
    { name: 'timeout_ms', label: 'Timeout (ms)', kind: 'number' },
  ],
  sparkplug_b: [
    { name: 'broker', label: 'Broker', kind: 'select', options: ['embedded', 'external'] },
    { name: 'url', label: 'Broker URL', kind: 'text', optional: true, hint: 'mqtt://… (external broker)' },
    { name: 'group_id', label: 'Group id', kind: 'text' },
    { name: 'username', label: 'Username', kind: 'text', optional: true },
    { name: 'password', label: 'Password', kind: 'password', optional: true },
    { name: 'auto_map', label: 'Unknown devices become pending devices', kind: 'checkbox' },
  ],
};

/** The source fields of a mapping, per type. */
export const sourceFields: Record<ConnectorType, string[]> = {
  opcua: ['node_id'],
  modbus_tcp: ['register', 'address', 'type', 'word_order'],
  sparkplug_b: ['edge_node', 'device', 'metric'],
};

const numericSource = new Set(['address']);

export const defaultConfig: Record<ConnectorType, Record<string, string | boolean>> = {
  opcua: { endpoint_url: '', security_mode: 'None', security_policy: 'None', sampling_interval_ms: '500' },
  modbus_tcp: { host: '', port: '502', unit_id: '1', poll_interval_ms: '1000', timeout_ms: '2000' },
  sparkplug_b: { broker: 'embedded', group_id: '', auto_map: false },
};

export interface MappingRow {
  device_id: string;
  metric: string;
  source: Record<string, string>;
  scale: string;
  offset: string;
}

export interface ConnectorFormValues {
  id: string;
  type: ConnectorType;
  enabled: boolean;
  config: Record<string, string | boolean>;
  mappings: MappingRow[];
}

export function emptyMapping(type: ConnectorType): MappingRow {
  return {
    device_id: '',
    metric: '',
    source: Object.fromEntries(sourceFields[type].map((f) => [f, ''])),
    scale: '',
    offset: '',
  };
}

export function valuesFromConnector(c: Connector): ConnectorFormValues {
  const config: Record<string, string | boolean> = { ...defaultConfig[c.type] };
  for (const [k, v] of Object.entries(c.config)) config[k] = typeof v === 'boolean' ? v : String(v ?? '');
  return {
    id: c.id,
    type: c.type,
    enabled: c.enabled,
    config,
    mappings: c.mappings.map((m) => ({
      device_id: m.device_id,
      metric: m.metric,
      source: Object.fromEntries(Object.entries(m.source).map(([k, v]) => [k, String(v ?? '')])),
      scale: m.scale === undefined ? '' : String(m.scale),
      offset: m.offset === undefined ? '' : String(m.offset),
    })),
  };
}

/** The config as the API wants it: numbers as numbers, empty optional fields left out. */
export function configBody(type: ConnectorType, config: Record<string, string | boolean>) {
  const body: Record<string, unknown> = {};
  for (const field of configFields[type]) {
    const v = config[field.name];
    if (v === undefined || v === '') continue;
    body[field.name] = field.kind === 'number' && typeof v === 'string' ? Number(v) : v;
  }
  return body;
}

export function mappingsBody(rows: MappingRow[]) {
  return rows.map((r) => {
    const source: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r.source)) {
      if (v.trim() === '') continue;
      source[k] = numericSource.has(k) ? Number(v) : v.trim();
    }
    return {
      device_id: r.device_id.trim(),
      metric: r.metric.trim(),
      source,
      ...(r.scale.trim() ? { scale: Number(r.scale) } : {}),
      ...(r.offset.trim() ? { offset: Number(r.offset) } : {}),
    };
  });
}

/** A create body checked by the same schema as the server's, or the first problem in words. */
export function createBodyFromValues(
  v: ConnectorFormValues,
): { body: CreateConnectorBody } | { error: string } {
  const parsed = createConnectorBodySchema.safeParse({
    id: v.id.trim(),
    type: v.type,
    enabled: v.enabled,
    config: configBody(v.type, v.config),
    mappings: mappingsBody(v.mappings),
  });
  if (parsed.success) return { body: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { error: `${issue.path.join('.') || 'connector'}: ${issue.message}` };
}

/** A change: a password left empty keeps the stored one. */
export function updateBodyFromValues(v: ConnectorFormValues): UpdateConnectorBody {
  return { enabled: v.enabled, config: configBody(v.type, v.config), mappings: mappingsBody(v.mappings) };
}
