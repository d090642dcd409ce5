// What the reviewer's page takes (functions/reviewer-page): the declaration
// of interests, a draft, the final scores, a decline for lack of time. The
// same schemas validate JSON bodies and the HTML forms' fields, and OpenAPI
// describes them.
import * as z from 'zod/mini';
import { text } from './schemas.ts';

const score = z.int().check(z.gte(1), z.lte(5));
const scores = z.record(z.string().check(z.maxLength(50)), score);

/** No conflict of interest (the application is then shown), or one, with its reason (the task goes to another reviewer). */
export const Declaration = z.union([
  z.strictObject({ conflict: z.literal(false) }),
  z.strictObject({ conflict: z.literal(true), reason: text(3, 1000) }),
]);
export type Declaration = z.output<typeof Declaration>;

/** A draft: any of the scores so far and the comments; saved again as often as wanted. */
export const ReviewDraft = z.strictObject({ scores: z._default(scores, {}), comments: z._default(text(0, 5000), '') });
export type ReviewDraft = z.output<typeof ReviewDraft>;

/** The final review: a score for every criterion of the call, with comments. Final once sent. */
export const ReviewSubmission = z.strictObject({ scores, comments: z._default(text(0, 5000), '') });
export type ReviewSubmission = z.output<typeof ReviewSubmission>;

/**
 * A decline: no time, or a conflict of interest found while reading (after
 * "no conflict" was declared), with what it is. A conflict known beforehand
 * is declared instead, before the application is shown.
 */
export const ReviewDecline = z.union([
  z.strictObject({ reason: z.literal('unavailable') }),
  z.strictObject({ reason: z.literal('conflict-of-interest'), conflict: text(3, 1000) }),
]);
export type ReviewDecline = z.output<typeof ReviewDecline>;
