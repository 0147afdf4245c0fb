/**
 * Strict base64url. Node's decoder (like Python's) silently skips characters outside the alphabet
 * and ignores the unused low bits of the last character, so many strings decode to the same bytes.
 * Tokens we accept must have exactly one spelling: we only take input that re-encodes to itself.
 */

export function encodeBase64Url(data: Buffer, { pad }: { pad: boolean }): string {
  const text = data.toString('base64url');
  return pad ? text.padEnd(Math.ceil(text.length / 4) * 4, '=') : text;
}

/** The bytes of `text` if it is canonical base64url (with `=` padding exactly when `pad`), else undefined. */
export function decodeBase64UrlStrict(text: string, { pad }: { pad: boolean }): Buffer | undefined {
  if (!(pad ? /^[A-Za-z0-9_-]*={0,2}$/ : /^[A-Za-z0-9_-]*$/).test(text)) return undefined;
  const data = Buffer.from(text, 'base64url');
  return encodeBase64Url(data, { pad }) === text ? data : undefined;
}
