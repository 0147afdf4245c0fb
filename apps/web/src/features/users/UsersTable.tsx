import { roles, type Role } from '@dtwin/contracts/auth';
import type { User } from '@dtwin/contracts/users';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { actionsColumn, DataTable, type Column } from '../../components/DataTable';
import { DateTime } from '../../components/DateTime';
import { optionsOf, Select } from '../../components/Select';
import { roleLabels } from '../auth/roles';

interface UsersTableProps {
  users: readonly User[];
  /** The signed-in admin, who may not demote or disable themselves here. */
  currentUserId: number;
  pendingIds: ReadonlySet<number>;
  busy: boolean;
  onRoleChange: (user: User, role: Role) => void;
  onToggleDisabled: (user: User) => void;
  onResetPassword: (user: User) => void;
}

const roleOptions = optionsOf(roles, roleLabels);

export function UsersTable(props: UsersTableProps) {
  const { users, currentUserId, pendingIds, busy, onRoleChange, onToggleDisabled, onResetPassword } = props;
  const isSelf = (user: User) => user.id === currentUserId;

  const columns: Column<User>[] = [
    {
      key: 'username',
      header: 'User name',
      render: (user) => (
        <>
          <strong>{user.username}</strong>
          {isSelf(user) && <span className="cell--muted"> (you)</span>}
        </>
      ),
    },
    {
      key: 'email',
      header: 'E-mail',
      render: (user) =>
        user.email_unreadable ? (
          <span
            className="cell--warning"
            title="The stored value does not decrypt; an administrator was told in the audit log"
          >
            unreadable
          </span>
        ) : (
          (user.email ?? <span className="cell--muted">—</span>)
        ),
    },
    {
      key: 'role',
      header: 'Role',
      render: (user) => (
        <Select
          compact
          aria-label={`Role for ${user.username}`}
          title={isSelf(user) ? 'You cannot change your own role' : undefined}
          options={roleOptions}
          value={user.role}
          disabled={isSelf(user) || pendingIds.has(user.id)}
          onChange={(e) => onRoleChange(user, e.target.value as Role)}
        />
      ),
    },
    {
      key: 'status',
      header: 'Status',
      render: (user) =>
        user.disabled ? <Badge tone="danger">Disabled</Badge> : <Badge tone="success">Active</Badge>,
    },
    { key: 'created', header: 'Created', render: (user) => <DateTime value={user.created_at} /> },
    {
      key: 'last_login',
      header: 'Last sign-in',
      render: (user) => <DateTime value={user.last_login_at} empty="Never" />,
    },
    actionsColumn((user) => (
      <span className="row-actions">
        <Button
          size="sm"
          variant={user.disabled ? 'secondary' : 'danger'}
          disabled={isSelf(user) || pendingIds.has(user.id)}
          title={isSelf(user) ? 'You cannot disable your own account' : undefined}
          aria-label={`${user.disabled ? 'Enable' : 'Disable'} ${user.username}`}
          onClick={() => onToggleDisabled(user)}
        >
          {user.disabled ? 'Enable' : 'Disable'}
        </Button>
        <Button
          size="sm"
          disabled={pendingIds.has(user.id)}
          aria-label={`Reset password of ${user.username}`}
          onClick={() => onResetPassword(user)}
        >
          Reset password
        </Button>
      </span>
    )),
  ];

  return (
    <DataTable
      caption="Users"
      columns={columns}
      rows={users}
      rowClassName={(user) => (user.disabled ? 'row--disabled' : undefined)}
      busy={busy}
    />
  );
}
