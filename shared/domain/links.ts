// Personal links for human steps (a review, a ballot, a report upload). The
// email carries an opaque random reference; the server keeps only its hash,
// what it opens, when it expires, and whether it was used. A task token never
// leaves the server: it is stored with the link, not put in it.

// `reviewer`: a reviewer's own page for one call (functions/reviewer-page),
// used as often as they like until it expires, some days after their last
// deadline; `review`: the single-use per-task links of the emails before
// the reviewer's page (none is made any more; kept so that such a stored
// link still reads as what it is).
// `org`: an organisation's page (functions/org), sent to a contact address on record; it opens every
// application and grant of that address, as often as needed until it expires.
// `question`: the secretariat's question to an applicant (functions/question-answer), single-use:
// answering it marks it used; the question's own conditional write is the guard.
export const LINK_PURPOSES = ['review', 'ballot', 'report', 'reviewer', 'org', 'question'] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];

export interface LinkRecord {
  purpose: LinkPurpose;
  /** Ids of what the link opens, e.g. { callId, applicationId, reviewerId }. */
  subject: Record<string, string>;
  createdAt: string;
  expiresAt: string;
  usedAt?: string;
}

export type LinkState = 'open' | 'used' | 'expired';

/** A used link stays "used" after its expiry, so that a late double-click still reads "already answered". */
export function linkState(link: Pick<LinkRecord, 'expiresAt' | 'usedAt'>, at: Date): LinkState {
  if (link.usedAt) return 'used';
  return at.getTime() < Date.parse(link.expiresAt) ? 'open' : 'expired';
}

/** The HTTP answer for a link that cannot be acted on (404 for unknown or tampered references). */
export const LINK_ERRORS = {
  unknown: { status: 404, code: 'NOT_FOUND', message: 'Not found.' },
  used: { status: 409, code: 'ALREADY_ANSWERED', message: 'This link has already been used.' },
  expired: { status: 410, code: 'LINK_EXPIRED', message: 'This link has expired.' },
} as const;
