// Turns zod issues into plain messages naming the field and the rule. The
// messages never repeat the submitted value (it may be personal data).
import type * as z from 'zod/mini';
import type { ErrorDetail } from './errors.ts';

type Issue = z.core.$ZodIssue;

const plural = (n: number | bigint, word: string) => `${n} ${word}${n === 1 || n === 1n ? '' : 's'}`;

const FORMATS: Record<string, string> = {
  date: 'a date (YYYY-MM-DD)',
  datetime: 'a date and time in ISO 8601 with a time zone (e.g. 2026-03-01T00:00:00Z)',
  email: 'an email address',
  url: 'an http(s) URL',
};

/** The value at a path of the request body, to tell a missing field from a wrong one. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>(
    (node, key) => (node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined),
    input,
  );
}

function describe(issue: Issue, input: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return valueAt(input, issue.path) === undefined ? 'is required' : `must be ${article(issue.expected)}`;
    case 'too_small': {
      const min = issue.minimum;
      if (issue.origin === 'string') return `must be at least ${plural(min, 'character')}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `must have at least ${plural(min, 'item')}`;
      return issue.inclusive ? `must be at least ${min}` : `must be greater than ${min}`;
    }
    case 'too_big': {
      const max = issue.maximum;
      if (issue.origin === 'string') return `must be at most ${plural(max, 'character')}`;
      if (issue.origin === 'array' || issue.origin === 'set') return `must have at most ${plural(max, 'item')}`;
      return issue.inclusive ? `must be at most ${max}` : `must be less than ${max}`;
    }
    case 'invalid_format':
      return `must be ${FORMATS[issue.format] ?? `a valid ${issue.format}`}`;
    case 'invalid_value': {
      const values = issue.values.map(String);
      if (values.length > 20 && values.every((v) => /^[A-Z]{2}$/.test(v))) {
        return 'must be an ISO 3166-1 alpha-2 country code (e.g. AL, EC, NG)';
      }
      return `must be one of: ${values.join(', ')}`;
    }
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`;
    case 'unrecognized_keys':
      return 'is not an accepted field';
    case 'invalid_union':
      return 'does not match any accepted shape';
    case 'invalid_key':
      return 'has an invalid key';
    case 'invalid_element':
      return 'has an invalid element';
    case 'custom':
      return issue.message && issue.message !== 'Invalid input' ? issue.message : 'is not valid';
    default:
      return 'is not valid';
  }
}

const TYPE_NAMES: Record<string, string> = { int: 'integer', nan: 'number' };
const article = (expected: string) => {
  const type = TYPE_NAMES[expected] ?? expected;
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
};

const pathOf = (segments: readonly PropertyKey[]): string =>
  segments.reduce<string>((path, segment) => {
    if (typeof segment === 'number') return `${path}[${segment}]`;
    return path ? `${path}.${String(segment)}` : String(segment);
  }, '');

export function issuesToDetails(issues: readonly Issue[], input: unknown): ErrorDetail[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: pathOf([...issue.path, key]), message: describe(issue, input) }));
    }
    return [{ path: pathOf(issue.path) || '(body)', message: describe(issue, input) }];
  });
}
