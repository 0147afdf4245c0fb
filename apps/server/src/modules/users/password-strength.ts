import type { PasswordEstimator } from '@dtwin/contracts/password-policy';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/**
 * zxcvbn-ts with its common-language dictionary (which holds the common-passwords list), ranked
 * when the first password is checked rather than at every start.
 */
export function createPasswordEstimator(): PasswordEstimator {
  let zxcvbn: ZxcvbnFactory | undefined;
  let common: Set<string> | undefined;
  return (password, userInputs) => {
    zxcvbn ??= new ZxcvbnFactory({ graphs: adjacencyGraphs, dictionary });
    common ??= new Set(dictionary['passwords-common']);
    const result = zxcvbn.check(password.slice(0, 256), userInputs);
    return {
      score: result.score,
      common: common.has(password.toLowerCase()),
      warning: result.feedback.warning ?? null,
    };
  };
}
