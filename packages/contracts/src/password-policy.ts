/**
 * The password policy, one copy for the server (which enforces it: 400 `weak_password`) and the
 * web forms (which show the reason while the user types). The strength estimate is passed in, so
 * this file needs no library: both apps give it zxcvbn-ts with its common-language dictionary.
 */

export const passwordPolicy = { minLength: 10, minScore: 3 } as const;

export interface PasswordEstimate {
  /** 0 (guessed at once) to 4 (very hard to guess). */
  score: number;
  /** On a bundled list of the most common passwords. */
  common: boolean;
  /** The estimator's warning key, if it has one (zxcvbn-ts's `feedback.warning`). */
  warning: string | null;
}

export type PasswordEstimator = (password: string, userInputs: string[]) => PasswordEstimate;

const warnings: Record<string, string> = {
  straightRow: 'a row of keys is easy to guess',
  keyPattern: 'a keyboard pattern is easy to guess',
  simpleRepeat: 'repeated characters are easy to guess',
  extendedRepeat: 'repeated groups of characters are easy to guess',
  sequences: 'sequences like abc or 6543 are easy to guess',
  recentYears: 'recent years are easy to guess',
  dates: 'dates are easy to guess',
  topTen: 'it is one of the most used passwords',
  topHundred: 'it is one of the most used passwords',
  common: 'it is a commonly used password',
  similarToCommon: 'it is too close to a commonly used password',
  wordByItself: 'a single word is easy to guess',
  namesByThemselves: 'names are easy to guess',
  commonNames: 'common names are easy to guess',
  userInputs: 'it is built on your user name',
  pwned: 'it appeared in a data breach',
};

/** Why a password is refused, as a short sentence for the form; null when it is fine. */
export function passwordProblem(
  password: string,
  username: string | undefined,
  estimate: PasswordEstimator,
): string | null {
  if (password.length < passwordPolicy.minLength)
    return `must be at least ${passwordPolicy.minLength} characters`;
  const name = username?.trim().normalize('NFKC').toLowerCase() ?? '';
  if (name.length > 0 && password.normalize('NFKC').toLowerCase().includes(name))
    return 'must not contain the user name';
  const result = estimate(password, name ? [name] : []);
  if (result.common) return 'is one of the most common passwords; choose another';
  if (result.score < passwordPolicy.minScore) {
    const why = result.warning ? warnings[result.warning] : undefined;
    return `is too easy to guess${why ? ` (${why})` : ''}; add more words or characters`;
  }
  return null;
}
