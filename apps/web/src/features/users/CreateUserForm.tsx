import { roles } from '@dtwin/contracts/auth';
import { createUserBodySchema, type CreateUserBody, type User } from '@dtwin/contracts/users';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { optionsOf } from '../../components/Select';
import { SelectField } from '../../components/SelectField';
import { checkWith } from '../../lib/form-errors';
import { useHttp } from '../../lib/http-context';
import { useFormFields } from '../../lib/use-form-fields';
import { AccountFields } from '../auth/AccountFields';
import { roleLabels } from '../auth/roles';
import { createUser } from './users-api';

const fields = ['username', 'password', 'email', 'role'] as const;
type Field = (typeof fields)[number];

const roleOptions = optionsOf(roles, roleLabels);

interface CreateUserFormProps {
  onCreated: (user: User) => void;
  onCancel: () => void;
}

export function CreateUserForm({ onCreated, onCancel }: CreateUserFormProps) {
  const http = useHttp();
  const form = useFormFields<Record<Field, string>, CreateUserBody>(
    { username: '', password: '', email: '', role: 'viewer' },
    {
      validate: (values) =>
        checkWith(createUserBodySchema, {
          username: values.username,
          password: values.password,
          email: values.email.trim() || undefined,
          role: values.role,
        }),
      send: async (body) => onCreated(await createUser(http, body)),
    },
  );

  return (
    <section className="panel" aria-labelledby="create-user-title">
      <h2 className="panel__title" id="create-user-title">
        New user
      </h2>
      <FormError form={form} title="The user was not created" fields={fields} />
      <form onSubmit={form.handleSubmit} noValidate>
        <div className="form-grid">
          <AccountFields bind={form.bind} own={false} />
          <SelectField label="Role" name="role" options={roleOptions} {...form.bind('role')} />
        </div>
        <FormActions submitLabel="Create user" submitting={form.submitting} onCancel={onCancel} />
      </form>
    </section>
  );
}
