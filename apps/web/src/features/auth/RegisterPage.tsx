import { registerBodySchema, type RegisterBody } from '@dtwin/contracts/auth';
import { Link, Navigate, useNavigate } from 'react-router';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { checkWith, unplacedFieldErrors } from '../../lib/form-errors';
import { isApiError } from '../../lib/http';
import { useHttp } from '../../lib/http-context';
import { useFormFields } from '../../lib/use-form-fields';
import { AccountFields } from './AccountFields';
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
  const form = useFormFields<Record<Field, string>, RegisterBody>(
    { username: '', password: '', email: '' },
    {
      // The same schema the server uses, for quick hints; the server still has the final word.
      validate: (values) =>
        checkWith(registerBodySchema, {
          username: values.username,
          password: values.password,
          email: values.email.trim() || undefined,
        }),
      send: async (body) => {
        await register(http, body);
        const state: LoginPageState = {
          // The server answers alike whether or not the name was free, so nobody learns who has an account.
          notice:
            'If that user name was free, your account was created. Sign in with your new user name and password.',
          username: body.username,
        };
        void navigate('/login', { state });
      },
    },
  );

  if (session.status === 'authenticated') return <Navigate to="/" replace />;

  const closed = isApiError(form.error) && form.error.status === 403;

  return (
    <AuthLayout title="Create an account">
      {form.error !== null && (
        <ErrorBanner
          title={closed ? undefined : 'The account was not created'}
          error={closed ? CLOSED_MESSAGE : form.error}
          details={unplacedFieldErrors(form.errors, fields)}
        />
      )}
      <form className="auth-form" onSubmit={form.handleSubmit} noValidate>
        <AccountFields bind={form.bind} own />
        <Button type="submit" variant="primary" className="auth-form__submit" busy={form.submitting}>
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
