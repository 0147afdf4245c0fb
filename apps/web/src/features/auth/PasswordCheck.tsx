import { usePasswordProblem } from '../../lib/password-strength';

interface PasswordCheckProps {
  password: string;
  username: string;
  /** Shown while the field is empty. */
  hint: string;
}

/** The hint under a new-password field: the rules, then, as the user types, why it would be refused. */
export function PasswordCheck({ password, username, hint }: PasswordCheckProps) {
  const problem = usePasswordProblem(password, username);
  return (
    <span role="status" aria-live="polite" className={problem ? 'password-check--weak' : undefined}>
      {problem === undefined
        ? hint
        : problem === null
          ? 'Strong enough.'
          : `Too weak: the password ${problem}.`}
    </span>
  );
}
