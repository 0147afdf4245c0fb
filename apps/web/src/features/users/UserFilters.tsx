import { roles, type Role } from '@dtwin/contracts/auth';
import { FilterForm } from '../../components/FilterForm';
import { optionsOf } from '../../components/Select';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { roleLabels } from '../auth/roles';

export interface UserFilterValues {
  q: string;
  role: Role | '';
}

const roleOptions = optionsOf(roles, roleLabels, 'All roles');

export function UserFilters({
  initial,
  onApply,
}: {
  initial: UserFilterValues;
  onApply: (v: UserFilterValues) => void;
}) {
  return (
    <FilterForm
      label="Filter users"
      initial={initial}
      empty={{ q: '', role: '' }}
      submitLabel="Search"
      onApply={onApply}
    >
      {(bind) => (
        <>
          <TextField
            label="Search"
            type="search"
            name="q"
            placeholder="User name or e-mail"
            maxLength={64}
            {...bind('q')}
          />
          <SelectField label="Role" name="role" options={roleOptions} {...bind('role')} />
        </>
      )}
    </FilterForm>
  );
}
