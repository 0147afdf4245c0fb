import { registerBodySchema } from '@dtwin/contracts/auth';
import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { TextField } from '../../components/TextField';
import {
  fieldErrorsFromError,
  fieldErrorsFromIssues,
  unplacedFieldErrors,
  type FieldErrors,
} from '../../lib/form-errors';
import { isApiError } from '../../lib/http';
import { useHttp } from '../../lib/http-context';
import { register } from './auth-api';
import { useAuth } from './auth-context';
import { AuthLayout } from './AuthLayout';
import type { LoginPageState } from './login-redirect';

const fields = ['username', 'password', 'email'] as const;
type Field = (typeof fields)[number];

const CLOSED_MESSAGE =
  'Registration is closed on this server. Ask an administrator to create an account for you.';

export function RegisterPage() {
  const http = useHttp();
  const { session } = useAuth();
  const navigate = useNavigate();
  const [values, setValues] = useState<Record<Field, string>>({ username: '', password: '', email: '' });
  const [clientErrors, setClientErrors] = useState<FieldErrors>({});
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  if (session.status === 'authenticated') return <Navigate to="/" replace />;

  function change(field: Field, value: string) {
    setValues((current) => ({ ...current, [field]: value }));
    // An edited field's old complaint no longer applies.
    setClientErrors(({ [field]: _client, ...rest }) => rest);
    setServerErrors(({ [field]: _server, ...rest }) => rest);
  }

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    setServerErrors({});
    // The same schema the server uses, for quick hints; the server still has the final word.
    const parsed = registerBodySchema.safeParse({
      username: values.username,
      password: values.password,
      email: values.email.trim() || undefined,
    });
    if (!parsed.success) {
      setClientErrors(fieldErrorsFromIssues(parsed.error.issues));
      return;
    }
    setClientErrors({});
    setSubmitting(true);
    try {
      await register(http, parsed.data);
      const state: LoginPageState = {
        notice: 'Your account was created. Sign in with your new user name and password.',
        username: parsed.data.username,
      };
      navigate('/login', { state });
    } catch (err) {
      setError(err);
      setServerErrors(fieldErrorsFromError(err));
    } finally {
      setSubmitting(false);
    }
  }

  const errorFor = (field: Field) => clientErrors[field] ?? serverErrors[field];
  const closed = isApiError(error) && error.status === 403;

  return (
    <AuthLayout title="Create an account">
      {error !== null && (
        <ErrorBanner
          title={closed ? undefined : 'The account was not created'}
          error={closed ? CLOSED_MESSAGE : error}
          details={unplacedFieldErrors(serverErrors, fields)}
        />
      )}
      <form className="auth-form" onSubmit={handleSubmit} noValidate>
        <TextField
          label="User name"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus
          value={values.username}
          onChange={(e) => change('username', e.target.value)}
          hint="3–64 characters: letters, digits and _ . @ -"
          error={errorFor('username')}
        />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          value={values.password}
          onChange={(e) => change('password', e.target.value)}
          hint="At least 10 characters. A passphrase of several words is easy to remember."
          error={errorFor('password')}
        />
        <TextField
          label="E-mail"
          name="email"
          type="email"
          autoComplete="email"
          optional
          value={values.email}
          onChange={(e) => change('email', e.target.value)}
          hint="Used for notifications you subscribe to."
          error={errorFor('email')}
        />
        <Button type="submit" variant="primary" className="auth-form__submit" busy={submitting}>
          Create account
        </Button>
      </form>
      <p className="auth-card__footer">
        New accounts can view the plant; an administrator can grant more. Already registered?{' '}
        <Link to="/login">Sign in</Link>
      </p>
    </AuthLayout>
  );
}
