import { useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { Button } from '../../components/Button';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Notice } from '../../components/Notice';
import { TextField } from '../../components/TextField';
import { isApiError } from '../../lib/http';
import { useHttp } from '../../lib/http-context';
import { useCountdown } from '../../lib/use-countdown';
import { login } from './auth-api';
import { useAuth } from './auth-context';
import { AuthLayout } from './AuthLayout';
import { readLoginPageState, safeNextPath } from './login-redirect';

export function LoginPage() {
  const http = useHttp();
  const { session, signIn } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNextPath(params.get('next'));
  const incoming = readLoginPageState(useLocation().state);

  const [username, setUsername] = useState(incoming.username ?? '');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<{ username?: string; password?: string }>({});
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const cooldown = useCountdown();

  if (session.status === 'authenticated') return <Navigate to={next} replace />;

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const problems = {
      username: username.trim() ? undefined : 'Enter your user name.',
      password: password ? undefined : 'Enter your password.',
    };
    setMissing(problems);
    if (problems.username || problems.password) return;

    setSubmitting(true);
    setError(null);
    try {
      const token = await login(http, { username: username.trim(), password });
      signIn(token);
      navigate(next, { replace: true });
    } catch (err) {
      setError(err);
      setPassword('');
      if (isApiError(err) && err.status === 429 && err.retryAfterSeconds)
        cooldown.start(err.retryAfterSeconds);
    } finally {
      setSubmitting(false);
    }
  }

  const rateLimited = isApiError(error) && error.status === 429 && error.retryAfterSeconds !== null;
  const waiting = rateLimited && cooldown.remaining > 0;

  return (
    <AuthLayout title="Sign in">
      {incoming.notice && !error && <Notice tone="success">{incoming.notice}</Notice>}
      {error !== null &&
        (rateLimited ? (
          <ErrorBanner
            error={
              waiting ? `Too many attempts, try again in ${cooldown.remaining} s.` : 'You can try again now.'
            }
          />
        ) : (
          <ErrorBanner error={error} />
        ))}
      <form className="auth-form" onSubmit={handleSubmit} noValidate>
        <TextField
          label="User name"
          name="username"
          maxLength={256}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          error={missing.username}
          autoFocus={!incoming.username}
        />
        <TextField
          label="Password"
          name="password"
          maxLength={1024}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={missing.password}
          autoFocus={Boolean(incoming.username)}
        />
        <Button
          type="submit"
          variant="primary"
          className="auth-form__submit"
          busy={submitting}
          disabled={waiting}
        >
          Sign in
        </Button>
      </form>
      <p className="auth-card__footer">
        No account yet? <Link to="/register">Create one</Link>
      </p>
    </AuthLayout>
  );
}
