import { roleSchema, type Role } from '@dtwin/contracts/auth';
import type { UpdateUserBody, User } from '@dtwin/contracts/users';
import { useState } from 'react';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { OutcomeBanner } from '../../components/OutcomeBanner';
import { PageHeader } from '../../components/PageHeader';
import { PagedListView } from '../../components/PagedListView';
import { useHttp } from '../../lib/http-context';
import { useConfirmation } from '../../lib/use-confirmation';
import { useOutcome } from '../../lib/use-outcome';
import { usePagedList } from '../../lib/use-paged-list';
import { usePendingIds } from '../../lib/use-pending-ids';
import { useCurrentUser } from '../auth/auth-context';
import { roleLabels } from '../auth/roles';
import { CreateUserForm } from './CreateUserForm';
import { ResetPasswordDialog } from './ResetPasswordDialog';
import { UserFilters, type UserFilterValues } from './UserFilters';
import { listUsers, updateUser, USERS_PAGE_SIZE } from './users-api';
import { UsersTable } from './UsersTable';
import './UsersPage.css';

export function UsersPage() {
  const http = useHttp();
  const me = useCurrentUser();
  const users = usePagedList({
    name: 'users',
    pageSize: USERS_PAGE_SIZE,
    readFilters: (params): UserFilterValues => ({
      q: params.get('q') ?? '',
      role: roleSchema.safeParse(params.get('role')).data ?? '',
    }),
    load: ({ q, role }, page, signal) =>
      listUsers(http, { q: q || undefined, role: role || undefined, ...page }, signal),
  });

  const [creating, setCreating] = useState(false);
  const outcome = useOutcome();
  const { pending, track } = usePendingIds<number>();
  const disabling = useConfirmation((user: User) =>
    save(user, { disabled: true }, (u) => `${u.username} is disabled and has been signed out everywhere.`),
  );
  const [resetting, setResetting] = useState<User | null>(null);

  /** PATCHes one user and puts the answer in the table; rejects with the server's error. */
  async function save(user: User, change: UpdateUserBody, done: (updated: User) => string): Promise<void> {
    outcome.clear();
    const updated = await track(user.id, () => updateUser(http, user.id, change));
    users.update((list) => ({ ...list, items: list.items.map((u) => (u.id === updated.id ? updated : u)) }));
    outcome.succeeded(done(updated));
  }

  function changeRole(user: User, newRole: Role) {
    save(user, { role: newRole }, (u) => `${u.username} is now ${roleLabels[u.role]}.`).catch(
      (error: unknown) => outcome.failed(`The role of ${user.username} was not changed`, error),
    );
  }

  function toggleDisabled(user: User) {
    if (user.disabled) {
      save(user, { disabled: false }, (u) => `${u.username} can sign in again.`).catch((error: unknown) =>
        outcome.failed(`${user.username} was not enabled`, error),
      );
    } else {
      disabling.ask(user);
    }
  }

  const filtered = Boolean(users.filters.q || users.filters.role);

  return (
    <>
      <PageHeader
        title="Users"
        description="Who can sign in, with which role."
        actions={
          !creating && (
            <Button variant="primary" onClick={() => setCreating(true)}>
              New user
            </Button>
          )
        }
      />
      {creating && (
        <CreateUserForm
          onCancel={() => setCreating(false)}
          onCreated={(user) => {
            setCreating(false);
            outcome.succeeded(`${user.username} was created as ${roleLabels[user.role]}.`);
            users.reload();
          }}
        />
      )}
      <OutcomeBanner outcome={outcome.outcome} onDismiss={outcome.clear} />
      <UserFilters initial={users.filters} onApply={users.applyFilters} />
      <PagedListView
        list={users}
        errorTitle="Could not load users"
        loadingLabel="Loading users…"
        noun="users"
        filtered={filtered}
        hint="Try another search, or clear the filters."
        none="No users yet"
      >
        {(items) => (
          <UsersTable
            users={items}
            currentUserId={me.id}
            pendingIds={pending}
            busy={users.loading}
            onRoleChange={changeRole}
            onToggleDisabled={toggleDisabled}
            onResetPassword={setResetting}
          />
        )}
      </PagedListView>
      {disabling.target && (
        <ConfirmDialog
          title={`Disable ${disabling.target.username}?`}
          confirmLabel="Disable user"
          {...disabling.dialog}
        >
          <p>
            They are signed out everywhere at once and cannot sign in until an administrator enables them
            again.
          </p>
        </ConfirmDialog>
      )}
      {resetting && (
        <ResetPasswordDialog
          user={resetting}
          isSelf={resetting.id === me.id}
          onClose={() => setResetting(null)}
          onSubmit={async (password) => {
            await save(resetting, { password }, (u) => `The password of ${u.username} was reset.`);
            setResetting(null);
          }}
        />
      )}
    </>
  );
}
