import { passwordProblem } from '@dtwin/contracts/password-policy';
import { describe, expect, it } from 'vitest';
import { createPasswordEstimator } from './password-strength';

const estimate = await createPasswordEstimator()();
const problem = (password: string, username = 'operator7') => passwordProblem(password, username, estimate);

describe('the password policy', () => {
  it('refuses short, common and guessable passwords, saying why', () => {
    expect(problem('Xq9!vb2')).toMatch(/at least 10 characters/);
    for (const common of ['password123', 'qwertyuiop', '1234567890', 'password12'])
      expect(problem(common), common).toMatch(/most common|easy to guess/);
    expect(problem('Password1234')).toMatch(/most common|easy to guess/);
    expect(problem('aaaaaaaaaa')).toMatch(/repeated characters/);
  });

  it('refuses a password that is or contains the user name, whatever its case', () => {
    expect(problem('operator7xyz', 'Operator7')).toBe('must not contain the user name');
    expect(problem('hunter-OPERATOR7-blue', 'operator7')).toBe('must not contain the user name');
  });

  it('accepts long passphrases and random strings', () => {
    expect(problem('violet-harbour-Lantern-42')).toBeNull();
    expect(problem('t7#Vq2!mZp9@')).toBeNull();
  });
});
