import { roles, type Role } from '@dtwin/contracts/auth';
import { createUserBodySchema, type User } from '@dtwin/contracts/users';
import { useState, type FormEvent } from 'react';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import {
  fieldErrorsFromError,
  fieldErrorsFromIssues,
  unplacedFieldErrors,
  type FieldErrors,
} from '../../lib/form-errors';
import { useHttp } from '../../lib/http-context';
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
  const [values, setValues] = useState<Record<Field, string>>({
    username: '',
    password: '',
    email: '',
    role: 'viewer',
  });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  function change(field: Field, value: string) {
    setValues((current) => ({ ...current, [field]: value }));
    setFieldErrors(({ [field]: _old, ...rest }) => rest);
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const parsed = createUserBodySchema.safeParse({
      username: values.username,
      password: values.password,
      email: values.email.trim() || undefined,
      role: values.role,
    });
    if (!parsed.success) {
      setFieldErrors(fieldErrorsFromIssues(parsed.error.issues));
      return;
    }
    setSubmitting(true);
    try {
      onCreated(await createUser(http, parsed.data));
    } catch (err) {
      setError(err);
      setFieldErrors(fieldErrorsFromError(err));
      setSubmitting(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="create-user-title">
      <h2 className="panel__title" id="create-user-title">
        New user
      </h2>
      {error !== null && (
        <ErrorBanner
          title="The user was not created"
          error={error}
          details={unplacedFieldErrors(fieldErrors, fields)}
        />
      )}
      <form onSubmit={handleSubmit} noValidate>
        <div className="form-grid">
          <TextField
            label="User name"
            name="username"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            autoFocus
            value={values.username}
            onChange={(e) => change('username', e.target.value)}
            hint="3–64 characters: letters, digits and _ . @ -"
            error={fieldErrors.username}
          />
          <TextField
            label="Initial password"
            name="password"
            type="password"
            autoComplete="new-password"
            value={values.password}
            onChange={(e) => change('password', e.target.value)}
            hint="At least 10 characters. Give it to the user in person."
            error={fieldErrors.password}
          />
          <TextField
            label="E-mail"
            name="email"
            type="email"
            optional
            autoComplete="off"
            value={values.email}
            onChange={(e) => change('email', e.target.value)}
            error={fieldErrors.email}
          />
          <SelectField
            label="Role"
            name="role"
            options={roleOptions}
            value={values.role}
            onChange={(e) => change('role', e.target.value as Role)}
            error={fieldErrors.role}
          />
        </div>
        <div className="form-actions">
          <Button onClick={onCancel} disabled={submitting}>
            Cancel
          </Button>
          <Button type="submit" variant="primary" busy={submitting}>
            Create user
          </Button>
        </div>
      </form>
    </section>
  );
}
