import { passwordProblem, type PasswordEstimator } from '@dtwin/contracts/password-policy';
import { useEffect, useState } from 'react';

let loading: Promise<PasswordEstimator> | null = null;

/** zxcvbn-ts and its dictionary are large: loaded on the first password form, then kept. */
function loadEstimator(): Promise<PasswordEstimator> {
  loading ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common')]).then(
    ([{ ZxcvbnFactory }, { adjacencyGraphs, dictionary }]) => {
      const zxcvbn = new ZxcvbnFactory({ graphs: adjacencyGraphs, dictionary });
      const common = new Set(dictionary['passwords-common']);
      return (password: string, userInputs: string[]) => {
        const result = zxcvbn.check(password.slice(0, 256), userInputs);
        return {
          score: result.score,
          common: common.has(password.toLowerCase()),
          warning: result.feedback.warning ?? null,
        };
      };
    },
  );
  return loading;
}

/**
 * The server's password policy, checked as the user types: `undefined` while the estimator loads
 * or the field is empty, `null` when the password is fine, else the reason it would be refused.
 */
export function usePasswordProblem(password: string, username: string): string | null | undefined {
  const [estimator, setEstimator] = useState<PasswordEstimator | null>(null);
  useEffect(() => {
    let live = true;
    loadEstimator().then(
      (e) => live && setEstimator(() => e),
      () => {}, // the server still checks
    );
    return () => {
      live = false;
    };
  }, []);
  if (!estimator || password === '') return undefined;
  return passwordProblem(password, username, estimator);
}
