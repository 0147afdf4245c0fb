import { roleSchema, type Role } from '@dtwin/contracts/auth';
import type { UpdateUserBody, User } from '@dtwin/contracts/users';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LoadingState } from '../../components/LoadingState';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { useHttp } from '../../lib/http-context';
import { readPage, withParams } from '../../lib/search-params';
import { useQuery } from '../../lib/use-query';
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
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const role = roleSchema.safeParse(params.get('role')).data;
  const offset = (readPage(params) - 1) * USERS_PAGE_SIZE;

  const users = useQuery(['users', q, role, offset], (signal) =>
    listUsers(http, { q: q || undefined, role, limit: USERS_PAGE_SIZE, offset }, signal),
  );

  const [creating, setCreating] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<{ title: string; error: unknown } | null>(null);
  const [pendingIds, setPendingIds] = useState<ReadonlySet<number>>(new Set());
  const [disabling, setDisabling] = useState<{ user: User; busy: boolean; error: unknown } | null>(null);
  const [resetting, setResetting] = useState<User | null>(null);

  /** PATCHes one user and puts the answer in the table; rejects with the server's error. */
  async function save(user: User, change: UpdateUserBody, done: (updated: User) => string): Promise<void> {
    setPendingIds((ids) => new Set(ids).add(user.id));
    setActionError(null);
    setNotice(null);
    try {
      const updated = await updateUser(http, user.id, change);
      users.update((list) => ({
        ...list,
        items: list.items.map((u) => (u.id === updated.id ? updated : u)),
      }));
      setNotice(done(updated));
    } finally {
      setPendingIds((ids) => {
        const rest = new Set(ids);
        rest.delete(user.id);
        return rest;
      });
    }
  }

  function changeRole(user: User, newRole: Role) {
    save(user, { role: newRole }, (u) => `${u.username} is now ${roleLabels[u.role]}.`).catch(
      (error: unknown) => setActionError({ title: `The role of ${user.username} was not changed`, error }),
    );
  }

  function toggleDisabled(user: User) {
    if (user.disabled) {
      save(user, { disabled: false }, (u) => `${u.username} can sign in again.`).catch((error: unknown) =>
        setActionError({ title: `${user.username} was not enabled`, error }),
      );
    } else {
      setDisabling({ user, busy: false, error: null });
    }
  }

  async function confirmDisable(user: User) {
    setDisabling({ user, busy: true, error: null });
    try {
      await save(
        user,
        { disabled: true },
        (u) => `${u.username} is disabled and has been signed out everywhere.`,
      );
      setDisabling(null);
    } catch (error) {
      setDisabling({ user, busy: false, error });
    }
  }

  function applyFilters({ q: newQ, role: newRole }: UserFilterValues) {
    setParams(withParams(params, { q: newQ, role: newRole, page: null }));
  }

  const list = users.data;
  const filtered = Boolean(q || role);

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
            setNotice(`${user.username} was created as ${roleLabels[user.role]}.`);
            users.reload();
          }}
        />
      )}
      {notice && (
        <Notice tone="success" onDismiss={() => setNotice(null)}>
          {notice}
        </Notice>
      )}
      {actionError && (
        <ErrorBanner
          title={actionError.title}
          error={actionError.error}
          onDismiss={() => setActionError(null)}
        />
      )}
      <UserFilters key={`${q}|${role ?? ''}`} initial={{ q, role: role ?? '' }} onApply={applyFilters} />
      {users.error !== null && (
        <ErrorBanner title="Could not load users" error={users.error} onRetry={users.reload} />
      )}
      {list === undefined ? (
        users.loading && <LoadingState label="Loading users…" />
      ) : (
        <>
          {list.items.length === 0 ? (
            <EmptyState title={emptyTitle(filtered, list.total)}>
              {filtered && list.total === 0 && <p>Try another search, or clear the filters.</p>}
            </EmptyState>
          ) : (
            <UsersTable
              users={list.items}
              currentUserId={me.id}
              pendingIds={pendingIds}
              busy={users.loading}
              onRoleChange={changeRole}
              onToggleDisabled={toggleDisabled}
              onResetPassword={setResetting}
            />
          )}
          {list.total > 0 && (
            <Pagination
              offset={offset}
              limit={USERS_PAGE_SIZE}
              total={list.total}
              noun="users"
              busy={users.loading}
              onChange={(o) => setParams(withParams(params, { page: o / USERS_PAGE_SIZE + 1 }))}
            />
          )}
        </>
      )}
      {disabling && (
        <ConfirmDialog
          title={`Disable ${disabling.user.username}?`}
          confirmLabel="Disable user"
          busy={disabling.busy}
          error={disabling.error}
          onCancel={() => setDisabling(null)}
          onConfirm={() => void confirmDisable(disabling.user)}
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

function emptyTitle(filtered: boolean, total: number): string {
  if (total > 0) return 'Nothing on this page';
  return filtered ? 'No users match these filters' : 'No users yet';
}
