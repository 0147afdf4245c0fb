import type { Role } from '@dtwin/contracts/auth';
import { passwordProblem, type PasswordEstimator } from '@dtwin/contracts/password-policy';
import type { CreateUserBody, UpdateUserBody, User, UserListQuery } from '@dtwin/contracts/users';
import { hashPassword } from '../../crypto/password';
import type { Executor } from '../../db/database';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import type { AuditService } from '../audit/audit.service';
import type { IntegrityReporter } from '../audit/integrity-reporter';
import { createUsersRepository, type UserRow, type UsersRepository } from './users.repository';

export interface Encryptor {
  encrypt(plaintext: string): string;
  decrypt(token: string): string;
}

/** Who asks, for the audit log. */
export interface Actor {
  username: string | null;
  ip: string | null;
}

export interface TokenRevoker {
  revokeAllForUser(userId: number): Promise<void>;
}

interface Deps {
  users: UsersRepository;
  encryption: Encryptor;
  tokens: TokenRevoker;
  audit: AuditService;
  integrity?: Pick<IntegrityReporter, 'decryptFailed'>;
  /** Keyed hash of an e-mail, for uniqueness without storing it readable. */
  emailHash: (email: string) => string;
  /** The strength estimate behind the password policy (loaded on first use). */
  passwordEstimator: () => Promise<PasswordEstimator>;
  clock: Clock;
  /** Told after a user's password changed (the initial admin password file is then deleted). */
  onPasswordChanged?: (username: string) => void;
}

const emailTakenError = () =>
  new AppError('conflict', 'another account has this e-mail', { fields: { email: 'is taken' } });

export function createUsersService({
  users,
  encryption,
  tokens,
  audit,
  integrity,
  emailHash,
  passwordEstimator,
  clock,
  onPasswordChanged,
}: Deps) {
  /** 400 `weak_password` with the reason, before anything else is looked at. */
  const checkPassword = async (password: string, username: string) => {
    const problem = passwordProblem(password, username, await passwordEstimator());
    if (problem)
      throw new AppError('weak_password', `the password ${problem}`, { fields: { password: problem } });
  };

  /** A value that does not decrypt is that user's problem only: shown as unreadable, reported. */
  const emailOf = (row: UserRow): { email: string | null; email_unreadable?: true } => {
    if (row.email_enc === null) return { email: null };
    try {
      return { email: encryption.decrypt(row.email_enc) };
    } catch {
      integrity?.decryptFailed('users', Number(row.id), 'email');
      return { email: null, email_unreadable: true };
    }
  };

  const toUser = (row: UserRow): User => ({
    id: Number(row.id),
    username: row.username,
    ...emailOf(row),
    role: row.role as Role,
    disabled: row.disabled === 1,
    created_at: new Date(row.created_at).toISOString(),
    last_login_at: row.last_login_at === null ? null : new Date(row.last_login_at).toISOString(),
  });

  async function insertUser(
    body: { username: string; password: string; email?: string | undefined; role: Role },
    { policy = true }: { policy?: boolean } = {},
  ) {
    if (policy) await checkPassword(body.password, body.username);
    if (await users.usernameTaken(body.username)) {
      throw new AppError('conflict', `the username '${body.username}' is taken`, {
        fields: { username: 'is taken' },
      });
    }
    const hash = body.email ? emailHash(body.email) : null;
    if (hash !== null && (await users.emailTaken(hash))) throw emailTakenError();
    return users.insert({
      username: body.username,
      password_hash: await hashPassword(body.password),
      email_enc: body.email ? encryption.encrypt(body.email) : null,
      email_hash: hash,
      role: body.role,
      disabled: 0,
      tokens_valid_after: 0,
      created_at: clock.now(),
      last_login_at: null,
    });
  }

  async function revokeAllTokens(row: UserRow) {
    await users.update(Number(row.id), { tokens_valid_after: clock.now() });
    await tokens.revokeAllForUser(Number(row.id));
  }

  /** Refuses a change that would leave nobody able to administer the plant. */
  async function guardLastAdmin(row: UserRow, patch: UpdateUserBody) {
    const losesAdmin = (patch.role !== undefined && patch.role !== 'admin') || patch.disabled === true;
    if (row.role === 'admin' && row.disabled === 0 && losesAdmin && (await users.countActiveAdmins()) <= 1) {
      throw new AppError('conflict', 'this is the last active admin; make another admin first');
    }
  }

  return {
    toUser,

    async get(id: number): Promise<User> {
      const row = await users.findById(id);
      if (!row) throw new AppError('not_found', `no user with id ${id}`);
      return toUser(row);
    },

    async list(query: UserListQuery) {
      const { items, total } = await users.list(query);
      return { items: items.map(toUser), total };
    },

    async create(body: CreateUserBody, actor: Actor): Promise<User> {
      const row = await insertUser(body);
      await audit.record({
        actor: actor.username,
        ip: actor.ip,
        action: 'user.create',
        target: row.username,
        outcome: 'success',
        detail: `role ${row.role}`,
      });
      return toUser(row);
    },

    async update(id: number, patch: UpdateUserBody, actor: Actor): Promise<User> {
      const row = await users.findById(id);
      if (!row) throw new AppError('not_found', `no user with id ${id}`);
      await guardLastAdmin(row, patch);
      if (patch.password !== undefined) await checkPassword(patch.password, row.username);
      const hash = patch.email ? emailHash(patch.email) : null;
      if (hash !== null && (await users.emailTaken(hash, id))) throw emailTakenError();
      const updated = await users.update(id, {
        ...(patch.role !== undefined ? { role: patch.role } : {}),
        ...(patch.disabled !== undefined ? { disabled: patch.disabled ? 1 : 0 } : {}),
        ...(patch.password !== undefined ? { password_hash: await hashPassword(patch.password) } : {}),
        ...(patch.email !== undefined
          ? { email_enc: patch.email === null ? null : encryption.encrypt(patch.email), email_hash: hash }
          : {}),
      });
      if (!updated) throw new AppError('not_found', `no user with id ${id}`);
      if (patch.password !== undefined || patch.disabled === true) await revokeAllTokens(updated);
      if (patch.password !== undefined) onPasswordChanged?.(row.username);
      const changes = [
        patch.role !== undefined && patch.role !== row.role ? `role ${row.role} -> ${patch.role}` : null,
        patch.disabled !== undefined ? (patch.disabled ? 'disabled' : 'enabled') : null,
        patch.password !== undefined ? 'password changed' : null,
        patch.email !== undefined ? 'e-mail changed' : null,
      ].filter((c) => c !== null);
      await audit.record({
        actor: actor.username,
        ip: actor.ip,
        action: 'user.update',
        target: row.username,
        outcome: 'success',
        detail: changes.join(', ') || 'no change',
      });
      return toUser(updated);
    },

    /**
     * Self-registration: always a viewer, whatever the request said. A name or e-mail that is
     * taken is not told apart from success (the caller answers the same either way), and costs
     * the same password hash, so registration cannot be used to learn who has an account.
     */
    async register(
      body: { username: string; password: string; email?: string | undefined },
      actor: Actor,
      open: boolean,
    ): Promise<void> {
      if (!open) {
        await audit.record({
          ...auditActor(actor),
          action: 'register',
          target: body.username,
          outcome: 'denied',
          detail: 'registration is closed',
        });
        throw new AppError(
          'forbidden',
          'registration is closed on this server; ask an administrator for an account',
        );
      }
      try {
        const row = await insertUser({ ...body, role: 'viewer' });
        await audit.record({
          ...auditActor(actor),
          action: 'register',
          target: row.username,
          outcome: 'success',
        });
      } catch (err) {
        if (!(err instanceof AppError && err.code === 'conflict')) throw err;
        await hashPassword(body.password);
        await audit.record({
          ...auditActor(actor),
          action: 'register',
          target: body.username,
          outcome: 'failure',
          detail: err.message.includes('e-mail') ? 'e-mail taken' : 'user name taken',
        });
      }
    },

    /** Fills the e-mail hashes of accounts from before they existed (or imported); a duplicate stays unfilled. */
    async backfillEmailHashes(): Promise<{ filled: number; duplicates: number }> {
      let filled = 0;
      let duplicates = 0;
      const skipped = new Set<number>();
      for (;;) {
        const rows = (await users.withoutEmailHash(500 + skipped.size)).filter(
          (r) => !skipped.has(Number(r.id)),
        );
        if (rows.length === 0) return { filled, duplicates };
        for (const row of rows) {
          const id = Number(row.id);
          let hash: string;
          try {
            hash = emailHash(encryption.decrypt(row.email_enc!));
          } catch {
            integrity?.decryptFailed('users', id, 'email');
            skipped.add(id);
            continue;
          }
          if (await users.emailTaken(hash, id)) {
            duplicates++;
            skipped.add(id);
            continue;
          }
          await users.update(id, { email_hash: hash });
          filled++;
        }
      }
    },

    /** The first start with no admin creates one; returns the password only when it was generated. */
    async ensureAdmin(admin: { username: string; password?: string | undefined }, generate: () => string) {
      if ((await users.countActiveAdmins()) > 0) return null;
      const existing = await users.findByUsername(admin.username);
      const password = admin.password ?? generate();
      if (existing) {
        await users.update(Number(existing.id), {
          role: 'admin',
          disabled: 0,
          password_hash: await hashPassword(password),
        });
      } else {
        // The operator's ADMIN_PASSWORD (or a generated one): the policy is for people's choices.
        await insertUser({ username: admin.username, password, role: 'admin' }, { policy: false });
      }
      await audit.record({
        actor: null,
        ip: null,
        action: 'user.bootstrap_admin',
        target: admin.username,
        outcome: 'success',
      });
      return { username: admin.username, generatedPassword: admin.password ? null : password };
    },

    findByUsername: (username: string) => users.findByUsername(username),
    recordLogin: (id: number) => users.update(id, { last_login_at: clock.now() }),
    setPasswordHash: (id: number, hash: string) => users.update(id, { password_hash: hash }),
    revokeAllTokens,
  };
}

/** A user carried over from another system, with the password hash that system made. */
export interface ImportedUser {
  username: string;
  /** werkzeug's formats are verified at sign-in, and the hash is upgraded to this server's then. */
  passwordHash: string;
  email: string | null;
  role: Role;
  disabled: boolean;
  createdAt: number;
}

/**
 * Writes imported users in the caller's transaction (the Flask import writes users, devices and
 * readings all or nothing). The caller leaves out names already taken (usernameTaken).
 */
export async function importUsers(
  trx: Executor,
  imported: ImportedUser[],
  encryption: Pick<Encryptor, 'encrypt'>,
): Promise<void> {
  const users = createUsersRepository(trx);
  for (const u of imported) {
    await users.insert({
      username: u.username,
      password_hash: u.passwordHash,
      email_enc: u.email === null ? null : encryption.encrypt(u.email),
      role: u.role,
      disabled: u.disabled ? 1 : 0,
      tokens_valid_after: 0,
      created_at: u.createdAt,
      last_login_at: null,
    });
  }
}

/** Whether a user of that name exists, whatever its case or Unicode form (for planning an import, read-only). */
export const usernameTaken = (db: Executor, username: string): Promise<boolean> =>
  createUsersRepository(db).usernameTaken(username);

function auditActor(actor: Actor) {
  return { actor: actor.username, ip: actor.ip };
}

export type UsersService = ReturnType<typeof createUsersService>;
