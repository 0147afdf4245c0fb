import { roles, type Role } from '@dtwin/contracts/auth';
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { roleLabels } from '../auth/roles';

export interface UserFilterValues {
  q: string;
  role: Role | '';
}

const roleOptions = [
  { value: '', label: 'All roles' },
  ...roles.map((r) => ({ value: r, label: roleLabels[r] })),
];

export function UserFilters({
  initial,
  onApply,
}: {
  initial: UserFilterValues;
  onApply: (v: UserFilterValues) => void;
}) {
  const [q, setQ] = useState(initial.q);
  const [role, setRole] = useState<Role | ''>(initial.role);

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onApply({ q: q.trim(), role });
  }

  return (
    <form className="toolbar" role="search" aria-label="Filter users" onSubmit={handleSubmit}>
      <TextField
        label="Search"
        type="search"
        name="q"
        placeholder="User name or e-mail"
        maxLength={64}
        value={q}
        onChange={(e) => setQ(e.target.value)}
      />
      <SelectField
        label="Role"
        name="role"
        options={roleOptions}
        value={role}
        onChange={(e) => setRole(e.target.value as Role | '')}
      />
      <div className="toolbar__actions">
        <Button type="submit" variant="primary">
          Search
        </Button>
        {(initial.q || initial.role) && (
          <Button
            onClick={() => {
              setQ('');
              setRole('');
              onApply({ q: '', role: '' });
            }}
          >
            Clear
          </Button>
        )}
      </div>
    </form>
  );
}
