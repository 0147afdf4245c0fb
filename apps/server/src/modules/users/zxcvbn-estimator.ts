import type { PasswordEstimator } from '@dtwin/contracts/password-policy';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';

/**
 * zxcvbn-ts with its common-language dictionary (which holds the common-passwords list). Its own
 * module so that it is imported only by password-strength.ts, on demand (the build keeps it in a
 * chunk of its own, with the packages' CommonJS exports bound as static imports are).
 */
export function createZxcvbnEstimator(): PasswordEstimator {
  const zxcvbn = new ZxcvbnFactory({ graphs: adjacencyGraphs, dictionary });
  const common = new Set(dictionary['passwords-common']);
  return (password, userInputs) => {
    const result = zxcvbn.check(password.slice(0, 256), userInputs);
    return {
      score: result.score,
      common: common.has(password.toLowerCase()),
      warning: result.feedback.warning ?? null,
    };
  };
}
