import type { PasswordEstimator } from '@dtwin/contracts/password-policy';

/**
 * The password policy's estimator (zxcvbn-ts and its dictionaries), loaded and ranked when the
 * first password is checked rather than at every start: about 15 MB a server rarely needs.
 */
export function createPasswordEstimator(): () => Promise<PasswordEstimator> {
  let loading: Promise<PasswordEstimator> | undefined;
  return () =>
    (loading ??= import('./zxcvbn-estimator').then(
      ({ createZxcvbnEstimator }) => createZxcvbnEstimator(),
      (err: unknown) => {
        loading = undefined; // tried again with the next password
        throw err;
      },
    ));
}
