// The zod schemas that validate every request body. The same schemas produce
// the JSON Schema of the application form (`formSchema`), the OpenAPI
// description and the web form's labels and help texts, so the three cannot
// disagree. `zod/mini` keeps the Lambda bundles small (see the bench).
import * as z from 'zod/mini';
import { COUNTRY_CODES, UN_REGIONAL_GROUPS } from '../domain/countries.ts';
import {
  ACTION_LINES,
  BUDGET_CATEGORIES,
  DOCUMENT_CONTENT_TYPES,
  DOCUMENT_KINDS,
  FORMS_OF_EXPLOITATION,
  LANGUAGES,
  MAX_DOCUMENT_BYTES,
  ORGANISATION_TYPES,
  PRIORITY_CONTEXTS,
  SERVICES,
} from '../domain/vocabulary.ts';

type FieldMeta = {
  title: string;
  description?: string;
  examples?: unknown[];
};

/**
 * Attach a label and help text (shown by the web form and in the OpenAPI
 * description) to a copy of the schema: shared schemas such as `countryCode`
 * get a different label in each place they are used.
 */
function field<T extends z.ZodMiniType>(schema: T, meta: FieldMeta): T {
  const labelled = schema.clone() as T;
  z.globalRegistry.add(labelled, meta);
  return labelled;
}

/** Largest amount the API accepts at all; anything above is absurd, not merely over the cap. */
export const ABSURD_AMOUNT_USD = 100_000_000;

const hasAtMostTwoDecimals = (value: number) => Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;

export const text = (min: number, max: number) => z.string().check(z.trim(), z.minLength(min), z.maxLength(max));

export const usdAmount = (meta: FieldMeta, { allowZero = false } = {}) =>
  field(
    z.number().check(
      allowZero ? z.gte(0) : z.gt(0),
      z.lte(ABSURD_AMOUNT_USD),
      z.refine(hasAtMostTwoDecimals, { message: 'must have at most two decimals (cents)' }),
    ),
    meta,
  );

export const countryCode = z.enum(COUNTRY_CODES);
const isoDateTime = z.iso.datetime({ offset: true });
const isoDate = z.iso.date();

export const PriorityContextSetting = z.strictObject({
  context: z.enum(PRIORITY_CONTEXTS),
  points: z.int().check(z.gte(0), z.lte(100)),
  countries: z.optional(z.array(countryCode).check(z.maxLength(250))),
});

export const DEFAULT_PRIORITY_CONTEXTS = [
  { context: 'armed-conflict' as const, points: 10 },
  { context: 'refugee-flows' as const, points: 10 },
];

/** DOMAIN.md step 5: the review criteria and their default weights (they add up to 100). */
export const DEFAULT_REVIEW_CRITERIA = [
  { id: 'relevance', label: "Relevance to the fund's mandate", weight: 25 },
  { id: 'assistance-quality', label: 'Quality of the victim-centred assistance', weight: 25 },
  { id: 'capacity', label: 'Organisational capacity and track record', weight: 20 },
  { id: 'cost-effectiveness', label: 'Budget and cost-effectiveness', weight: 15 },
  { id: 'sustainability', label: 'Sustainability and reintegration outcomes', weight: 15 },
];

export const CallInput = z
  .strictObject({
    title: field(text(3, 200), { title: 'Title' }),
    description: z.optional(field(text(0, 5000), { title: 'Description' })),
    budgetUsd: usdAmount({ title: 'Call budget (US$)' }),
    maxGrantUsd: z._default(usdAmount({ title: 'Grant cap (US$)' }), 60_000),
    minGrantUsd: z._default(usdAmount({ title: 'Minimum grant (US$)' }, { allowZero: true }), 0),
    maxDurationMonths: z._default(z.int().check(z.gte(1), z.lte(120)), 36),
    opensAt: isoDateTime,
    closesAt: isoDateTime,
    minYearsExperience: z._default(z.int().check(z.gte(0), z.lte(100)), 1),
    actionLines: z._default(
      z.array(z.enum(ACTION_LINES)).check(z.minLength(1), z.maxLength(ACTION_LINES.length)),
      [...ACTION_LINES],
    ),
    priorityContexts: z._default(
      z.array(PriorityContextSetting).check(z.maxLength(PRIORITY_CONTEXTS.length)),
      DEFAULT_PRIORITY_CONTEXTS,
    ),
    maxOperationalShare: z._default(z.number().check(z.gte(0), z.lte(1)), 0.1),
    reviewersPerApplication: z._default(z.int().check(z.gte(1), z.lte(10)), 2),
    allowSameCountryReviewers: z._default(z.boolean(), false),
    /** Until the call closes, an NGO may reopen its submitted application to correct it (and submit it again). */
    editsUntilClose: z._default(z.boolean(), true),
    regionalBalance: z._default(z.boolean(), false),
    reviewPeriodDays: z._default(z.int().check(z.gte(1), z.lte(120)), 21),
    reviewRemindersDaysBefore: z._default(z.array(z.int().check(z.gte(1), z.lte(60))).check(z.maxLength(5)), [7, 2]),
    /** Days the Board has to vote once the slate is submitted; ballots expire at the end. */
    votePeriodDays: z._default(z.int().check(z.gte(1), z.lte(60)), 14),
    voteRemindersDaysBefore: z._default(z.array(z.int().check(z.gte(1), z.lte(30))).check(z.maxLength(5)), [7, 2]),
    /** The trustees who vote on this call (default: every trustee in term when the slate is submitted). */
    trusteeIds: z.optional(z.array(z.string().check(z.minLength(1), z.maxLength(100))).check(z.minLength(1), z.maxLength(20))),
    /** Votes needed on a project (default: a majority of the trustees eligible on it, recused ones not eligible). */
    quorum: z.optional(z.int().check(z.gte(1), z.lte(20))),
    /** Grant schedules (the grant-life issue): an interim report every N months from the start... */
    reportEveryMonths: z._default(z.int().check(z.gte(1), z.lte(24)), 6),
    /** ...and a final report this many days after the end. */
    finalReportDaysAfterEnd: z._default(z.int().check(z.gte(1), z.lte(365)), 60),
    /** The grantee is asked for a report this many days before it is due... */
    reportRequestDaysBefore: z._default(z.int().check(z.gte(1), z.lte(90)), 14),
    /** ...and it is overdue this many days after (the next tranche is held, the organisation ineligible for new calls). */
    reportGraceDays: z._default(z.int().check(z.gte(0), z.lte(180)), 30),
    reviewCriteria: z._default(
      z
        .array(z.strictObject({ id: z.string().check(z.regex(/^[a-z][a-z0-9-]{1,40}$/)), label: text(3, 200), weight: z.int().check(z.gte(1), z.lte(100)) }))
        .check(
          z.minLength(1),
          z.maxLength(10),
          z.refine((criteria) => criteria.reduce((sum, c) => sum + c.weight, 0) === 100, { message: 'weights must add up to 100' }),
        ),
      DEFAULT_REVIEW_CRITERIA,
    ),
  })
  .check(
    z.superRefine((call, ctx) => {
      if (Date.parse(call.closesAt) <= Date.parse(call.opensAt)) {
        ctx.addIssue({ code: 'custom', path: ['closesAt'], message: 'must be after opensAt', input: call.closesAt });
      }
      if (call.minGrantUsd > call.maxGrantUsd) {
        ctx.addIssue({ code: 'custom', path: ['minGrantUsd'], message: 'must not exceed maxGrantUsd', input: call.minGrantUsd });
      }
      if (call.maxGrantUsd > call.budgetUsd) {
        ctx.addIssue({ code: 'custom', path: ['maxGrantUsd'], message: 'must not exceed budgetUsd', input: call.maxGrantUsd });
      }
      const seen = new Set<string>();
      call.priorityContexts.forEach((p, i) => {
        if (seen.has(p.context)) {
          ctx.addIssue({ code: 'custom', path: ['priorityContexts', i, 'context'], message: 'is listed twice', input: p.context });
        }
        seen.add(p.context);
      });
    }),
  );
export type CallInput = z.output<typeof CallInput>;

/**
 * Changes to a call: some of its settings, as `CallInput` takes them. Each is
 * checked with the whole call once merged (secretariat-actions.ts), so only
 * the shape is checked here.
 */
export const CallChanges = z.record(z.string().check(z.maxLength(100)), z.unknown()).check(
  z.refine((changes) => Object.keys(changes).length > 0, { message: 'must change at least one setting' }),
);

const uniqueItems = (label: string) =>
  z.refine<unknown[]>((items) => new Set(items).size === items.length, { message: `must not repeat a ${label}` });

const ContactInput = z.strictObject({
  name: field(text(2, 120), { title: 'Contact person' }),
  email: field(z.email().check(z.maxLength(254)), {
    title: 'Contact email',
    description: 'Your access link and every decision are sent here.',
  }),
  phone: z.optional(field(text(3, 40), { title: 'Contact phone' })),
});

const OrganisationInput = z.strictObject({
  name: field(text(2, 200), { title: 'Organisation name' }),
  registrationNumber: field(text(1, 64), {
    title: 'Legal registration number',
    description: 'As it appears on your registration certificate.',
  }),
  registrationCountry: field(countryCode, {
    title: 'Country of registration',
    description: 'ISO 3166-1 alpha-2 code, for example AL or EC.',
  }),
  type: field(z.enum(ORGANISATION_TYPES), { title: 'Type of organisation' }),
  legallyRegistered: field(z.boolean(), {
    title: 'The organisation is legally registered',
    description: 'The fund grants only to legally registered non-governmental organisations.',
  }),
  yearsAssistingVictims: field(z.int().check(z.gte(0), z.lte(200)), {
    title: 'Years assisting victims of trafficking',
  }),
  website: z.optional(field(z.url({ protocol: /^https?$/ }).check(z.maxLength(300)), { title: 'Website' })),
  contact: field(ContactInput, { title: 'Contact' }),
});

const TargetBeneficiaries = z.strictObject({
  women: z.int().check(z.gte(0), z.lte(1_000_000)),
  men: z.int().check(z.gte(0), z.lte(1_000_000)),
  girls: z.int().check(z.gte(0), z.lte(1_000_000)),
  boys: z.int().check(z.gte(0), z.lte(1_000_000)),
});

const PriorityContextClaim = z.strictObject({
  context: z.enum(PRIORITY_CONTEXTS),
  justification: text(20, 2000),
});

const ProjectInput = z.strictObject({
  title: field(text(3, 200), { title: 'Project title' }),
  summary: field(text(20, 5000), {
    title: 'Summary',
    description: 'What the project does for victims, where and how. Do not name or describe individual victims.',
  }),
  countries: field(
    z.array(countryCode).check(z.minLength(1), z.maxLength(20), uniqueItems('country')),
    { title: 'Countries of implementation' },
  ),
  actionLines: field(
    z.array(z.enum(ACTION_LINES)).check(z.minLength(1), z.maxLength(ACTION_LINES.length), uniqueItems('action line')),
    { title: 'Action lines' },
  ),
  formsOfExploitation: field(
    z.array(z.enum(FORMS_OF_EXPLOITATION)).check(
      z.minLength(1),
      z.maxLength(FORMS_OF_EXPLOITATION.length),
      uniqueItems('form of exploitation'),
    ),
    { title: 'Forms of exploitation addressed' },
  ),
  directAssistance: field(z.boolean(), {
    title: 'The project gives direct assistance to victims of trafficking',
    description: 'Shelter, medical, psychosocial, legal or reintegration help given to the victims themselves.',
  }),
  targetBeneficiaries: field(TargetBeneficiaries, {
    title: 'Target beneficiaries',
    description: 'Expected numbers of women, men, girls and boys assisted.',
  }),
  contexts: z._default(
    field(z.array(PriorityContextClaim).check(z.maxLength(PRIORITY_CONTEXTS.length)), {
      title: 'Priority contexts',
      description:
        'Victims coming out of armed conflict, or identified among refugee and migration flows: say how the project reaches them.',
    }),
    [],
  ),
  startDate: field(isoDate, { title: 'Start date' }),
  durationMonths: field(z.int().check(z.gte(1), z.lte(120)), { title: 'Duration (months)' }),
});

const BudgetLine = z.strictObject({
  category: z.enum(BUDGET_CATEGORIES),
  description: text(2, 300),
  amountUsd: usdAmount({ title: 'Amount (US$)' }, { allowZero: true }),
});

const BudgetInput = z.strictObject({
  requestedUsd: usdAmount({ title: 'Amount requested (US$)' }),
  lines: field(z.array(BudgetLine).check(z.minLength(1), z.maxLength(50)), {
    title: 'Budget lines',
    description: 'They must add up to the amount requested; operational (indirect) costs are capped by the call.',
  }),
});

const applicationLanguage = field(z.enum(LANGUAGES), {
  title: 'Language',
  description: 'The language of your pages and of the emails you receive from the fund.',
});

/** A complete application: what submission requires (and what every step after it reads). */
export const ApplicationInput = z.strictObject({
  language: z._default(applicationLanguage, 'en'),
  organisation: field(OrganisationInput, { title: 'Organisation' }),
  project: field(ProjectInput, { title: 'Project' }),
  budget: field(BudgetInput, { title: 'Budget' }),
});
export type ApplicationInput = z.output<typeof ApplicationInput>;

/**
 * A draft: any part of an application, each part present checked as in a
 * complete one (unknown fields refused), so what is saved is never wrong, only
 * unfinished. The organisation's name, registration and contact email are
 * needed from the start: they make the one-application-per-organisation guard
 * and the address the access code goes to. Budget lines and priority contexts
 * may be half filled in (each of their fields present is checked).
 */
export const ApplicationDraft = z.strictObject({
  language: z._default(applicationLanguage, 'en'),
  organisation: z.extend(z.partial(OrganisationInput), {
    name: OrganisationInput.shape.name,
    registrationNumber: OrganisationInput.shape.registrationNumber,
    registrationCountry: OrganisationInput.shape.registrationCountry,
    contact: z.extend(z.partial(ContactInput), { email: ContactInput.shape.email }),
  }),
  project: z.optional(
    z.extend(z.partial(ProjectInput), {
      targetBeneficiaries: z.optional(z.partial(TargetBeneficiaries)),
      contexts: z.optional(z.array(z.partial(PriorityContextClaim)).check(z.maxLength(PRIORITY_CONTEXTS.length))),
    }),
  ),
  budget: z.optional(
    z.extend(z.partial(BudgetInput), {
      lines: z.optional(z.array(z.partial(BudgetLine)).check(z.maxLength(50))),
    }),
  ),
});
export type ApplicationDraft = z.output<typeof ApplicationDraft>;

/** A colleague the contact invites to work on a draft. */
export const CollaboratorInput = z.strictObject({
  email: field(z.email().check(z.maxLength(254)), { title: 'Email', description: 'Their own link to the draft is sent here.' }),
  name: z.optional(field(text(2, 120), { title: 'Name' })),
});
export type CollaboratorInput = z.output<typeof CollaboratorInput>;

const confirmationCode = field(text(8, 20), {
  title: 'Confirmation code',
  description: 'The code in the first email sent to the contact address (XXXX-XXXX; case, spaces and dashes do not matter). Needed once per address, before its first submission.',
});

/** POST /applications/{id}/submit takes no body, or the contact address's confirmation code (shared/contact-confirmation.ts). */
export const SubmitInput = z.strictObject({ confirmationCode: z.optional(confirmationCode) });
export type SubmitInput = z.output<typeof SubmitInput>;

/** POST /applications/{id}/confirm: the contact address's confirmation code. */
export const ConfirmationInput = z.strictObject({ confirmationCode });
export type ConfirmationInput = z.output<typeof ConfirmationInput>;

export const DocumentUploadRequest = z.strictObject({
  kind: z.enum(DOCUMENT_KINDS),
  fileName: text(1, 200),
  contentType: z.enum(DOCUMENT_CONTENT_TYPES),
  size: z.int().check(z.gte(1), z.lte(MAX_DOCUMENT_BYTES)),
});
export type DocumentUploadRequest = z.output<typeof DocumentUploadRequest>;

/** The financial statement of a report, before its upload. */
export const ReportDocumentRequest = z.strictObject({
  fileName: text(1, 200),
  contentType: z.enum(DOCUMENT_CONTENT_TYPES),
  size: z.int().check(z.gte(1), z.lte(MAX_DOCUMENT_BYTES)),
});

let formSchema: Record<string, unknown> | undefined;

/** JSON Schema of an application, as the form and API clients see it (computed once per process). */
export function applicationFormSchema(): Record<string, unknown> {
  return (formSchema ??= z.toJSONSchema(ApplicationInput, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>);
}

/** ISO 639-1 language codes (two lowercase letters). */
const languageCode = z.string().check(z.regex(/^[a-z]{2}$/, { message: 'must be an ISO 639-1 language code such as en, fr, es' }));

export const ReviewerInput = z.strictObject({
  name: field(text(2, 120), { title: 'Name' }),
  email: field(z.email().check(z.maxLength(254)), { title: 'Email', description: 'Review tasks and reminders are sent here.' }),
  country: field(countryCode, {
    title: 'Country',
    description: 'Applications from organisations registered in this country are a conflict unless the call allows it.',
  }),
  languages: field(z.array(languageCode).check(z.minLength(1), z.maxLength(10), uniqueItems('language')), {
    title: 'Languages read',
  }),
  regions: field(z.array(z.enum(UN_REGIONAL_GROUPS)).check(z.maxLength(UN_REGIONAL_GROUPS.length), uniqueItems('region')), {
    title: 'Regions of experience (UN regional groups)',
  }),
  expertise: field(
    z.array(z.enum(ACTION_LINES)).check(z.maxLength(ACTION_LINES.length), uniqueItems('action line')),
    { title: 'Expertise (action lines)' },
  ),
  conflicts: z._default(
    z.strictObject({
      organisations: z._default(
        z
          .array(z.strictObject({ registrationCountry: countryCode, registrationNumber: text(1, 64) }))
          .check(z.maxLength(100)),
        [],
      ),
      countries: z._default(z.array(countryCode).check(z.maxLength(50)), []),
    }),
    { organisations: [], countries: [] },
  ),
  maxLoad: field(z.int().check(z.gte(1), z.lte(500)), { title: 'Maximum number of applications to review' }),
});
export type ReviewerInput = z.output<typeof ReviewerInput>;

/** At most 50 per request: they are written in one transaction, all or none. */
export const ReviewersInput = z.strictObject({
  reviewers: z.array(ReviewerInput).check(z.minLength(1), z.maxLength(50)),
});

export const TrusteeInput = z
  .strictObject({
    name: field(text(2, 120), { title: 'Name' }),
    email: field(z.email().check(z.maxLength(254)), { title: 'Email', description: 'Ballots and reminders are sent here.' }),
    termStart: field(isoDate, { title: 'Term start' }),
    termEnd: field(isoDate, { title: 'Term end', description: 'Three years by default on the Board.' }),
    conflicts: z._default(
      z.strictObject({
        organisations: z._default(
          z.array(z.strictObject({ registrationCountry: countryCode, registrationNumber: text(1, 64) })).check(z.maxLength(100)),
          [],
        ),
      }),
      { organisations: [] },
    ),
  })
  .check(
    z.superRefine((t, ctx) => {
      if (t.termEnd <= t.termStart) ctx.addIssue({ code: 'custom', path: ['termEnd'], message: 'must be after termStart', input: t.termEnd });
    }),
  );
export type TrusteeInput = z.output<typeof TrusteeInput>;

/** The Board has five members by default; a request registers at most ten at once, all or none. */
export const TrusteesInput = z.strictObject({
  trustees: z.array(TrusteeInput).check(z.minLength(1), z.maxLength(10)),
});

const reason = text(3, 500);

const headcount = z.int().check(z.gte(0), z.lte(10_000_000));

/**
 * A grantee's periodic report: a narrative, the financial statement (uploaded
 * first, by its key), and the figures for the period. Beneficiaries are
 * counted once each: by group (the four add up to `total`) and by their main
 * form of exploitation (adding up to `total` too); services count the people
 * who received each (one person may receive several, so each is at most
 * `total`). Consistency is checked in shared/domain/reports.ts.
 */
export const ReportInput = z.strictObject({
  narrative: field(text(20, 20_000), { title: 'Narrative', description: 'What the project did in the period. Describe the work, not the people: no names or details of victims.' }),
  financialStatementKey: field(text(1, 300), { title: 'Financial statement', description: 'The key returned when the financial statement was uploaded.' }),
  figures: z.strictObject({
    beneficiaries: z.strictObject({ women: headcount, men: headcount, girls: headcount, boys: headcount, total: headcount }),
    byExploitation: z.partialRecord(z.enum(FORMS_OF_EXPLOITATION), headcount),
    services: z.partialRecord(z.enum(SERVICES), headcount),
  }),
});
export type ReportInput = z.output<typeof ReportInput>;

/** The secretariat returns a report with comments (or accepts it). */
export const ReportReview = z.union([
  z.strictObject({ decision: z.literal('accept'), comments: z._default(text(0, 5000), '') }),
  z.strictObject({ decision: z.literal('return'), comments: text(10, 5000) }),
]);
export type ReportReview = z.output<typeof ReportReview>;

/** A grant declined by the grantee or cancelled by the fund, before its first tranche. */
export const GrantCancellation = z.strictObject({
  by: z.enum(['grantee', 'fund']),
  reason,
});
export type GrantCancellation = z.output<typeof GrantCancellation>;

export const VOTES = ['approve', 'reject', 'abstain', 'recuse'] as const;

/** A trustee's ballot: one vote for every project of the slate, cast at once and final. */
export const BallotAnswer = z.strictObject({
  votes: z
    .array(z.strictObject({ applicationId: text(1, 100), vote: z.enum(VOTES) }))
    .check(z.minLength(1), z.maxLength(100)),
});
export type BallotAnswer = z.output<typeof BallotAnswer>;

/** Changes the secretariat makes to the proposed slate, each with a reason that is kept. */
export const SlateChanges = z.strictObject({
  changes: z
    .array(
      z.union([
        z.strictObject({ applicationId: text(1, 100), action: z.literal('set-amount'), amountUsd: usdAmount({ title: 'Amount (US$)' }), reason }),
        z.strictObject({ applicationId: text(1, 100), action: z.literal('include'), amountUsd: z.optional(usdAmount({ title: 'Amount (US$)' })), reason }),
        z.strictObject({ applicationId: text(1, 100), action: z.literal('exclude'), reason }),
      ]),
    )
    .check(z.minLength(1), z.maxLength(100)),
});
export type SlateChanges = z.output<typeof SlateChanges>;

/** The secretariat gives a review that is waiting to another reviewer of the call, with a reason that is kept. */
export const ReviewReassignment = z.strictObject({
  applicationId: text(1, 100),
  fromReviewerId: text(1, 100),
  toReviewerId: text(1, 100),
  reason,
});
export type ReviewReassignment = z.output<typeof ReviewReassignment>;

/** The secretariat's question to an applicant: quoted as written in the email to the NGO's contact. */
export const QuestionInput = z.strictObject({
  text: field(text(10, 2000), { title: 'Question', description: "Sent as written to the application's contact, with a link to answer. Ask about the project, not about the people it assists." }),
});
export type QuestionInput = z.output<typeof QuestionInput>;

/** The applicant's answer: text, and optionally one document uploaded first (POST /question/{ref}/documents). */
export const QuestionAnswerInput = z.strictObject({
  answer: field(text(1, 5000), { title: 'Answer' }),
  documentKey: z.optional(field(text(1, 300), { title: 'Document', description: 'The key returned when the document was uploaded.' })),
  fileName: z.optional(field(text(1, 200), { title: 'File name', description: "The document's file name, as the secretariat downloads it." })),
});
export type QuestionAnswerInput = z.output<typeof QuestionAnswerInput>;

/** A request to erase one application's personal data (issue 13): the reason, kept with the request; a second member confirms. */
export const ErasureRequestInput = z.strictObject({
  reason: field(reason, { title: 'Reason', description: 'Why the data is erased before its retention period ends (for example: the organisation asked). Do not name anyone.' }),
});
export type ErasureRequestInput = z.output<typeof ErasureRequestInput>;
