import { z } from 'zod';

type Issue = z.core.$ZodRawIssue;

const formats: Record<string, string> = {
  email: 'must be an e-mail address',
  url: 'must be a web address (https://…)',
  datetime: 'must be a date and time',
  date: 'must be a date',
  time: 'must be a time of day',
  uuid: 'must be an id',
  regex: 'is not in the expected form',
};

const plural = (n: number | bigint, one: string) => `${n} ${one}${Number(n) === 1 ? '' : 's'}`;

/**
 * Messages people understand ("at most 120 characters"), for every schema that does not say its
 * own; zod's defaults ("Too big: expected string to have <=120 characters") are for developers.
 */
export function friendlyMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'too_big': {
      const max = issue.maximum;
      if (issue.origin === 'string') return `at most ${plural(max, 'character')}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `at most ${plural(max, 'item')}`;
      return issue.inclusive === false ? `must be less than ${max}` : `must be at most ${max}`;
    }
    case 'too_small': {
      const min = issue.minimum;
      if (issue.origin === 'string')
        return Number(min) === 1 ? 'is required' : `at least ${plural(min, 'character')}`;
      if (issue.origin === 'array' || issue.origin === 'set')
        return Number(min) === 1 ? 'choose at least one' : `at least ${plural(min, 'item')}`;
      return issue.inclusive === false ? `must be more than ${min}` : `must be at least ${min}`;
    }
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      if (issue.expected === 'number' || issue.expected === 'int') return 'must be a number';
      if (issue.expected === 'nan') return 'must be a number';
      return `must be a ${issue.expected}`;
    case 'invalid_format':
      return formats[issue.format] ?? 'is not in the expected form';
    case 'invalid_value':
      return issue.values.length === 1
        ? `must be ${String(issue.values[0])}`
        : `must be one of ${issue.values.map(String).join(', ')}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return `unknown ${issue.keys.length === 1 ? 'field' : 'fields'}: ${issue.keys.join(', ')}`;
    default:
      return undefined;
  }
}

/** Installs the messages for this process (server) or page (web app); imported once at start. */
export function installFriendlyMessages(): void {
  z.config({ customError: friendlyMessage });
}
