import type { Severity } from '@dtwin/contracts/alerts';
import type {
  Channel,
  ChannelType,
  CreateChannelBody,
  EmailSettings,
  UpdateChannelBody,
} from '@dtwin/contracts/notifications';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import type { AuditService } from '../audit/audit.service';
import type { Actor, Encryptor } from '../users/users.service';
import type { ChannelTarget } from './channel-sender';
import type { ChannelRepository, ChannelRow } from './channel.repository';

interface Deps {
  channels: ChannelRepository;
  /** The container's Fernet keyring: secrets are encrypted before they reach the database. */
  encryption: Encryptor;
  audit: AuditService;
  clock: Clock;
}

/** What a channel keeps encrypted: the SMTP password, the webhook URL and its signing secret. */
interface Secrets {
  password?: string;
  url?: string;
  signing_secret?: string;
}

const ranks: Record<string, number> = { info: 0, warning: 1, critical: 2 };

/** Which body fields each type of channel takes (besides name, min_severity, enabled). */
const ownFields: Record<ChannelType, string[]> = {
  email: ['email', 'password'],
  slack: ['url'],
  webhook: ['url', 'signing_secret'],
};

function hintOf(type: ChannelType, settings: Partial<EmailSettings>, secrets: Secrets): string | null {
  if (type === 'email') return settings.host ? `${settings.host}:${settings.port ?? ''}` : null;
  return secrets.url ? `${new URL(secrets.url).origin}/…` : null;
}

export function createChannelService({ channels, encryption, audit, clock }: Deps) {
  const secretsOf = (row: ChannelRow): Secrets =>
    row.secret_enc === null ? {} : (JSON.parse(encryption.decrypt(row.secret_enc)) as Secrets);
  const seal = (secrets: Secrets) =>
    Object.keys(secrets).length === 0 ? null : encryption.encrypt(JSON.stringify(secrets));

  function toChannel(row: ChannelRow): Channel {
    return {
      id: Number(row.id),
      name: row.name,
      type: row.type as ChannelType,
      min_severity: row.min_severity as Severity,
      enabled: row.enabled === 1,
      email: row.type === 'email' ? (JSON.parse(row.settings) as EmailSettings) : null,
      has_secret: row.secret_enc !== null,
      secret_hint: row.secret_hint,
      created_at: new Date(Number(row.created_at)).toISOString(),
      updated_at: new Date(Number(row.updated_at)).toISOString(),
    };
  }

  function targetOf(row: ChannelRow): ChannelTarget {
    const secrets = secretsOf(row);
    if (row.type === 'email')
      return {
        type: 'email',
        email: JSON.parse(row.settings) as EmailSettings,
        password: secrets.password ?? null,
      };
    if (row.type === 'slack') return { type: 'slack', url: secrets.url ?? '' };
    return { type: 'webhook', url: secrets.url ?? '', signingSecret: secrets.signing_secret ?? '' };
  }

  async function load(id: number): Promise<ChannelRow> {
    const row = await channels.get(id);
    if (!row) throw new AppError('not_found', `no notification channel ${id}`);
    return row;
  }

  /** Names what changed, never a value: secrets must not reach the audit log. */
  const record = (actor: Actor, action: string, row: ChannelRow, detail: string) =>
    audit.record({
      actor: actor.username,
      ip: actor.ip,
      action,
      target: `channel ${row.id}`,
      outcome: 'success',
      detail: `${row.name} (${row.type}): ${detail}`,
    });

  return {
    async list(): Promise<Channel[]> {
      return (await channels.list()).map(toChannel);
    },

    get: async (id: number): Promise<Channel> => toChannel(await load(id)),

    async create(body: CreateChannelBody, actor: Actor): Promise<Channel> {
      const secrets: Secrets =
        body.type === 'email'
          ? body.password
            ? { password: body.password }
            : {}
          : body.type === 'slack'
            ? { url: body.url }
            : { url: body.url, signing_secret: body.signing_secret };
      const settings = body.type === 'email' ? body.email : {};
      const now = clock.now();
      const id = await channels.insert({
        name: body.name,
        type: body.type,
        min_severity: body.min_severity,
        enabled: body.enabled ? 1 : 0,
        settings: JSON.stringify(settings),
        secret_enc: seal(secrets),
        secret_hint: hintOf(body.type, settings, secrets),
        created_at: now,
        updated_at: now,
      });
      const row = await load(id);
      await record(actor, 'channel.create', row, `min severity ${body.min_severity}`);
      return toChannel(row);
    },

    async update(id: number, patch: UpdateChannelBody, actor: Actor): Promise<Channel> {
      const row = await load(id);
      const type = row.type as ChannelType;
      const foreign = Object.keys(patch).filter(
        (k) => !['name', 'min_severity', 'enabled', ...ownFields[type]].includes(k),
      );
      if (foreign.length > 0) {
        const fields = Object.fromEntries(foreign.map((k) => [k, `is not a setting of a ${type} channel`]));
        throw new AppError('validation_failed', `${foreign.join(', ')}: not a setting of a ${type} channel`, {
          fields,
        });
      }
      const secrets = secretsOf(row);
      if (patch.password === null) delete secrets.password;
      else if (patch.password !== undefined) secrets.password = patch.password;
      if (patch.url !== undefined) secrets.url = patch.url;
      if (patch.signing_secret !== undefined) secrets.signing_secret = patch.signing_secret;
      const settings = patch.email ?? (JSON.parse(row.settings) as Partial<EmailSettings>);
      await channels.update(id, {
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.min_severity !== undefined ? { min_severity: patch.min_severity } : {}),
        ...(patch.enabled !== undefined ? { enabled: patch.enabled ? 1 : 0 } : {}),
        settings: JSON.stringify(settings),
        secret_enc: seal(secrets),
        secret_hint: hintOf(type, settings, secrets),
        updated_at: clock.now(),
      });
      const updated = await load(id);
      await record(actor, 'channel.update', updated, `changed ${Object.keys(patch).join(', ')}`);
      return toChannel(updated);
    },

    async remove(id: number, actor: Actor): Promise<void> {
      const row = await load(id);
      await channels.delete(id);
      await record(actor, 'channel.delete', row, 'deleted');
    },

    /** The ids among these that name no channel (for rule validation). */
    async missing(ids: number[]): Promise<number[]> {
      const found = new Set(await channels.existingIds(ids));
      return [...new Set(ids)].filter((id) => !found.has(id));
    },

    /**
     * The enabled channels an alert of this severity goes to: those named (or, with none named,
     * every channel), each only if the severity reaches its minimum.
     */
    async route(severity: Severity, channelIds: number[]): Promise<ChannelRow[]> {
      return (await channels.list()).filter(
        (row) =>
          row.enabled === 1 &&
          (ranks[row.min_severity] ?? 0) <= (ranks[severity] ?? 0) &&
          (channelIds.length === 0 || channelIds.includes(Number(row.id))),
      );
    },

    /** A channel with its secrets decrypted, for sending; undefined when it was deleted. */
    async resolve(id: number): Promise<{ row: ChannelRow; target: ChannelTarget } | undefined> {
      const row = await channels.get(id);
      return row ? { row, target: targetOf(row) } : undefined;
    },
  };
}

export type ChannelService = ReturnType<typeof createChannelService>;
