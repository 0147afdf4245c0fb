import type { Severity } from '@dtwin/contracts/alerts';
import {
  createChannelBodySchema,
  updateChannelBodySchema,
  type Channel,
  type ChannelType,
  type CreateChannelBody,
  type UpdateChannelBody,
} from '@dtwin/contracts/notifications';
import { sentence, type FieldErrors } from '../../lib/form-errors';
import { isApiError } from '../../lib/http';

/**
 * What the channel form edits. Secrets (`password`, `url`, `signing_secret`) always start empty:
 * the server never sends them back, and an empty secret on an existing channel means "keep it".
 */
export interface ChannelFormValues {
  type: ChannelType;
  name: string;
  min_severity: Severity;
  enabled: boolean;
  host: string;
  port: string;
  secure: boolean;
  user: string;
  from: string;
  to: string;
  password: string;
  removePassword: boolean;
  url: string;
  signing_secret: string;
}

export const channelFields = [
  'type',
  'name',
  'min_severity',
  'enabled',
  'host',
  'port',
  'secure',
  'user',
  'from',
  'to',
  'password',
  'url',
  'signing_secret',
] as const;

export function emptyChannel(type: ChannelType = 'email'): ChannelFormValues {
  return {
    type,
    name: '',
    min_severity: 'warning',
    enabled: true,
    host: '',
    port: '587',
    secure: false,
    user: '',
    from: '',
    to: '',
    password: '',
    removePassword: false,
    url: '',
    signing_secret: '',
  };
}

export function valuesFromChannel(channel: Channel): ChannelFormValues {
  const email = channel.email;
  return {
    ...emptyChannel(channel.type),
    name: channel.name,
    min_severity: channel.min_severity,
    enabled: channel.enabled,
    host: email?.host ?? '',
    port: email ? String(email.port) : '587',
    secure: email?.secure ?? false,
    user: email?.user ?? '',
    from: email?.from ?? '',
    to: email?.to.join(', ') ?? '',
  };
}

function emailSettings(values: ChannelFormValues) {
  return {
    host: values.host.trim(),
    port: values.port.trim() === '' ? NaN : Number(values.port),
    secure: values.secure,
    user: values.user.trim() || null,
    from: values.from.trim(),
    to: values.to
      .split(/[\s,;]+/)
      .map((a) => a.trim())
      .filter(Boolean),
  };
}

type Checked<T> = { ok: true; body: T } | { ok: false; errors: FieldErrors };

/** A new channel: every secret its type needs must be given. */
export function createBodyFromValues(values: ChannelFormValues): Checked<CreateChannelBody> {
  const common = { name: values.name, min_severity: values.min_severity, enabled: values.enabled };
  const input =
    values.type === 'email'
      ? { ...common, type: 'email', email: emailSettings(values), password: values.password || undefined }
      : values.type === 'slack'
        ? { ...common, type: 'slack', url: values.url.trim() }
        : { ...common, type: 'webhook', url: values.url.trim(), signing_secret: values.signing_secret };
  const parsed = createChannelBodySchema.safeParse(input);
  return parsed.success
    ? { ok: true, body: parsed.data }
    : { ok: false, errors: errorsFromIssues(parsed.error.issues) };
}

/** A change: secrets are sent only when typed, so an empty input keeps the stored one. */
export function updateBodyFromValues(values: ChannelFormValues): Checked<UpdateChannelBody> {
  const body: Record<string, unknown> = {
    name: values.name,
    min_severity: values.min_severity,
    enabled: values.enabled,
  };
  if (values.type === 'email') {
    body.email = emailSettings(values);
    if (values.password) body.password = values.password;
    else if (values.removePassword) body.password = null;
  } else {
    if (values.url.trim()) body.url = values.url.trim();
    if (values.type === 'webhook' && values.signing_secret) body.signing_secret = values.signing_secret;
  }
  const parsed = updateChannelBodySchema.safeParse(body);
  return parsed.success
    ? { ok: true, body: parsed.data }
    : { ok: false, errors: errorsFromIssues(parsed.error.issues) };
}

/** `email.host` → `host`, `email.to.2` → `to`: the form's field for a path in the body. */
export function channelFieldOf(path: readonly PropertyKey[]): string {
  const parts = path.map(String).filter((p) => !/^\d+$/.test(p));
  if (parts[0] === 'email') return parts[1] ?? 'host';
  return parts[0] ?? '';
}

function errorsFromIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldErrors {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const field = channelFieldOf(issue.path);
    errors[field] ??=
      issue.message.startsWith('Invalid input: expected number') || issue.message === 'must be a number'
        ? 'Enter a number.'
        : sentence(issue.message);
  }
  return errors;
}

/** A 400's `fields`, keyed like the form. */
export function channelErrorsFromServer(error: unknown): FieldErrors {
  if (!isApiError(error)) return {};
  const errors: Record<string, string> = {};
  for (const [field, reason] of Object.entries(error.fields))
    errors[channelFieldOf(field.split('.'))] ??= sentence(reason);
  return errors;
}
