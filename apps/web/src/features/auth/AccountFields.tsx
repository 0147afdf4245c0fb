import { TextField } from '../../components/TextField';
import type { FieldBinder } from '../../lib/use-form-fields';
import { PasswordCheck } from './PasswordCheck';

export interface AccountValues {
  username: string;
  password: string;
  email: string;
}

interface AccountFieldsProps {
  bind: FieldBinder<AccountValues>;
  /**
   * Someone registering: the browser may fill and keep the account. Otherwise an administrator is
   * creating an account for someone else, and the browser should not offer its own.
   */
  own: boolean;
}

/** User name, password and e-mail of a new account, with the rules the server checks. */
export function AccountFields({ bind, own }: AccountFieldsProps) {
  const password = bind('password');
  return (
    <>
      <TextField
        label="User name"
        name="username"
        maxLength={64}
        autoComplete={own ? 'username' : 'off'}
        autoCapitalize="none"
        spellCheck={false}
        autoFocus
        {...bind('username')}
        hint="3–64 characters: letters, digits and _ . @ -"
      />
      <TextField
        label={own ? 'Password' : 'Initial password'}
        name="password"
        maxLength={256}
        type="password"
        autoComplete="new-password"
        {...password}
        hint={
          <PasswordCheck
            password={password.value}
            username={bind('username').value}
            hint={
              own
                ? 'At least 10 characters, hard to guess, without the user name. A passphrase of several words is easy to remember.'
                : 'At least 10 characters, hard to guess, without the user name. Give it to the user in person.'
            }
          />
        }
      />
      <TextField
        label="E-mail"
        name="email"
        maxLength={254}
        type="email"
        autoComplete={own ? 'email' : 'off'}
        optional
        {...bind('email')}
        hint={own ? 'Used for notifications you subscribe to.' : undefined}
      />
    </>
  );
}
