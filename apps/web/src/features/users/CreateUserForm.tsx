import { roles } from '@dtwin/contracts/auth';
import { createUserBodySchema, type CreateUserBody, type User } from '@dtwin/contracts/users';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { checkWith, unplacedFieldErrors } from '../../lib/form-errors';
import { useHttp } from '../../lib/http-context';
import { useFormFields } from '../../lib/use-form-fields';
import { roleLabels } from '../auth/roles';
import { createUser } from './users-api';

const fields = ['username', 'password', 'email', 'role'] as const;
type Field = (typeof fields)[number];

const roleOptions = roles.map((role) => ({ value: role, label: roleLabels[role] }));

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
      {form.error !== null && (
        <ErrorBanner
          title="The user was not created"
          error={form.error}
          details={unplacedFieldErrors(form.errors, fields)}
        />
      )}
      <form onSubmit={form.handleSubmit} noValidate>
        <div className="form-grid">
          <TextField
            label="User name"
            name="username"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            autoFocus
            {...form.bind('username')}
            hint="3–64 characters: letters, digits and _ . @ -"
          />
          <TextField
            label="Initial password"
            name="password"
            type="password"
            autoComplete="new-password"
            {...form.bind('password')}
            hint="At least 10 characters. Give it to the user in person."
          />
          <TextField
            label="E-mail"
            name="email"
            type="email"
            optional
            autoComplete="off"
            {...form.bind('email')}
          />
          <SelectField label="Role" name="role" options={roleOptions} {...form.bind('role')} />
        </div>
        <div className="form-actions">
          <Button onClick={onCancel} disabled={form.submitting}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={form.submitting}>
            Create user
          </Button>
        </div>
      </form>
    </section>
  );
}
