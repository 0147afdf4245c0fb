import crypto from 'node:crypto';
import { roles, type Role } from '@dtwin/contracts/auth';
import { createUserBodySchema } from '@dtwin/contracts/users';
import { type Command, Option } from 'commander';
import { AppError } from '../lib/errors';
import { consoleActor, withContainer } from './context';
import { run } from './run';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export function registerUserCommands(program: Command) {
  const user = program.command('user').description('manage users from the server console');

  user
    .command('create <username>')
    .description('create a user; the password is read from standard input, or generated and printed once')
    .addOption(new Option('--role <role>', 'the role').choices(roles).default('viewer'))
    .option('--email <email>', 'e-mail address (stored encrypted)')
    .option('--password-stdin', 'read the password from standard input')
    .action((username: string, options: { role: Role; email?: string; passwordStdin?: boolean }) =>
      run(async () => {
        const password = options.passwordStdin
          ? await readStdin()
          : crypto.randomBytes(18).toString('base64url');
        const parsed = createUserBodySchema.safeParse({
          username,
          password,
          email: options.email,
          role: options.role,
        });
        if (!parsed.success) {
          throw new AppError(
            'validation_failed',
            parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
          );
        }
        await withContainer(async ({ users }) => {
          const created = await users.create(parsed.data, consoleActor);
          process.stdout.write(`created ${created.role} '${created.username}' (id ${created.id})\n`);
          if (!options.passwordStdin) process.stdout.write(`password: ${password}\n`);
        });
      }),
    );

  user
    .command('list')
    .description('list users')
    .action(() =>
      run(() =>
        withContainer(async ({ users }) => {
          const { items } = await users.list({ limit: 500, offset: 0 });
          for (const u of items) {
            process.stdout.write(
              `${String(u.id).padStart(4)}  ${u.username.padEnd(24)} ${u.role.padEnd(9)} ${u.disabled ? 'disabled' : 'active'}\n`,
            );
          }
        }),
      ),
    );

  user
    .command('disable <username>')
    .description('disable a user and revoke all of their tokens')
    .action((username: string) =>
      run(() =>
        withContainer(async ({ users }) => {
          const row = await users.findByUsername(username);
          if (!row) throw new AppError('not_found', `no user named '${username}'`);
          await users.update(Number(row.id), { disabled: true }, consoleActor);
          process.stdout.write(`disabled '${username}' and revoked their tokens\n`);
        }),
      ),
    );
}
