// What each audience sees of a call or an application.
import { isPastDraft, WITHDRAWABLE_STATUSES, type ApplicationRecord, type DocumentRecord } from '../repository/applications.ts';
import { missingParts } from './drafts.ts';
import type { Call } from '../repository/calls.ts';
import { isOpen } from '../repository/calls.ts';
import { eligibilityFacts, reasonsInLanguage } from '../email/applicant-i18n.ts';
import {
  DOCUMENT_CONTENT_TYPES,
  DOCUMENT_KIND_LABELS,
  DOCUMENT_KINDS,
  MAX_DOCUMENT_BYTES,
} from '../domain/vocabulary.ts';

export const requiredDocuments = () =>
  DOCUMENT_KINDS.map((kind) => ({
    kind,
    label: DOCUMENT_KIND_LABELS[kind],
    contentTypes: [...DOCUMENT_CONTENT_TYPES],
    maxBytes: MAX_DOCUMENT_BYTES,
  }));

export const publicCall = (call: Call, at: Date) => ({
  callId: call.callId,
  title: call.title,
  description: call.description,
  budgetUsd: call.budgetUsd,
  maxGrantUsd: call.maxGrantUsd,
  minGrantUsd: call.minGrantUsd,
  maxDurationMonths: call.maxDurationMonths,
  opensAt: call.opensAt,
  closesAt: call.closesAt,
  open: isOpen(call, at),
  minYearsExperience: call.minYearsExperience,
  actionLines: call.actionLines,
  priorityContexts: call.priorityContexts,
  maxOperationalShare: call.maxOperationalShare,
});

/** One line of a list: a draft may not have its project or budget yet. */
export const applicationSummary = (app: ApplicationRecord) => ({
  applicationId: app.applicationId,
  callId: app.callId,
  status: app.status,
  organisation: {
    name: app.input.organisation.name,
    registrationCountry: app.input.organisation.registrationCountry,
  },
  project: {
    title: app.input.project?.title,
    countries: app.input.project?.countries,
    actionLines: app.input.project?.actionLines,
  },
  requestedUsd: app.input.budget?.requestedUsd,
  createdAt: app.createdAt,
  updatedAt: app.updatedAt,
  submittedAt: app.submittedAt,
  decidedAt: app.decidedAt,
  eligibility: app.eligibility,
  priority: app.priority,
  ...(app.withdrawal ? { withdrawal: app.withdrawal } : {}),
});

/**
 * What the applicant sees of their application. The eligibility reasons carry
 * `text`: the sentence of the email, in the application's language, with the
 * call's figures (the status page shows it as it is).
 */
export const applicantView = (app: ApplicationRecord, documents: DocumentRecord[], call: Call | undefined, at: Date) => ({
  ...applicationSummary(app),
  eligibility: app.eligibility && call && isPastDraft(app)
    ? { ...app.eligibility, reasons: reasonsInLanguage(app.input.language ?? 'en', app.eligibility.reasons, eligibilityFacts(call, app.input.budget)) }
    : app.eligibility,
  application: app.input,
  /** While a draft: every required field and document still absent, in the application's language. */
  ...(app.status === 'draft' ? { missing: missingParts(app.input, documents, app.input.language ?? 'en') } : {}),
  /** What the NGO may still do with it. */
  actions: applicantActions(app, call, at),
  documents: DOCUMENT_KINDS.map((kind) => {
    const doc = documents.find((d) => d.kind === kind);
    return {
      kind,
      label: DOCUMENT_KIND_LABELS[kind],
      fileName: doc?.fileName,
      contentType: doc?.contentType,
      check: doc?.check ? { status: doc.check.status, ...('problem' in doc.check ? { problem: doc.check.problem } : {}) } : undefined,
    };
  }),
});

/**
 * What the applicant may do now: edit and submit a draft; reopen a decided
 * application to correct it while the call is open (and the call allows it);
 * withdraw it before the Board's decision.
 */
export function applicantActions(app: ApplicationRecord, call: Call | undefined, at: Date) {
  const open = call !== undefined && call.review === undefined && at.getTime() < Date.parse(call.closesAt);
  return {
    edit: app.status === 'draft',
    submit: app.status === 'draft',
    reopen: open && (call?.editsUntilClose ?? true) && (app.status === 'eligible' || app.status === 'ineligible'),
    withdraw: (WITHDRAWABLE_STATUSES as readonly string[]).includes(app.status),
  };
}
