// Links to a reviewer's page for a call. Every email to a reviewer (the
// invitation, a digest, a task added) carries a fresh one: opaque, stored
// only as its hash, usable many times. All of a reviewer's page links expire
// together, some days after their latest deadline; when a task with a later
// deadline comes, the older links move with it, so that the invitation's link
// keeps working for as long as the reviewer has something to do.
import { pageExpiry } from './domain/reviewer-tasks.ts';
import { createLink, extendLinks, linkHash } from './repository/links.ts';
import { addPageLink, type Reviewer } from './repository/reviewers.ts';

export const reviewerPagePath = (reference: string) => `/reviewer/${reference}`;

export async function newPageLink(baseUrl: string, reviewer: Pick<Reviewer, 'callId' | 'reviewerId' | 'pageLinks'>, at: Date, latestDeadline: Date): Promise<string> {
  const expiresAt = pageExpiry(latestDeadline);
  const reference = await createLink('reviewer', { callId: reviewer.callId, reviewerId: reviewer.reviewerId }, at, expiresAt);
  await extendLinks(reviewer.pageLinks ?? [], expiresAt);
  await addPageLink(reviewer.callId, reviewer.reviewerId, linkHash(reference));
  return `${baseUrl}${reviewerPagePath(reference)}`;
}

/** The latest of some deadlines (ISO strings), or `fallback` when none is set yet. */
export const latestOf = (deadlines: readonly (string | undefined)[], fallback: Date): Date =>
  new Date(Math.max(fallback.getTime(), ...deadlines.filter((d): d is string => !!d).map((d) => Date.parse(d))));
