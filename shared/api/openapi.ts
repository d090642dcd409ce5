// The OpenAPI 3.1 description, generated from the same zod schemas that
// validate the requests (JSON Schema 2020-12 is OpenAPI 3.1's dialect).
import * as z from 'zod/mini';
import { UN_REGIONAL_GROUPS } from '../domain/countries.ts';
import { ACTION_LINES, APPLICATION_STATUSES } from '../domain/vocabulary.ts';
import { SORTS } from './application-list.ts';
import { Declaration, ReviewDecline, ReviewDraft, ReviewSubmission } from './reviewer-schemas.ts';
import { ErasureRequestInput, QuestionAnswerInput, QuestionInput } from './schemas.ts';
import { ReviewReassignment, ApplicationDraft, CollaboratorInput, ApplicationInput, BallotAnswer, GrantCancellation, ReportDocumentRequest, ReportInput, ReportReview, CallInput, DocumentUploadRequest, ReviewersInput, SlateChanges, SubmitInput, ConfirmationInput, TrusteesInput } from './schemas.ts';

const schema = (s: z.ZodMiniType) => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

const ErrorBody = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', examples: ['VALIDATION_FAILED'] },
        message: { type: 'string' },
        details: {
          type: 'array',
          items: {
            type: 'object',
            required: ['path', 'message'],
            properties: { path: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
    },
  },
};

const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((code) => [
      String(code),
      {
        description: ERROR_DESCRIPTIONS[code] ?? 'Error',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    ]),
  );

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'The body is not valid: every bad field is named in `details`.',
  401: 'Missing or wrong secretariat token.',
  403: 'Not allowed to this member (e.g. FOUR_EYES) or to a collaborator of an application (CONTACT_ONLY), or a page form posted from another site (CROSS_SITE).',
  404: 'Unknown id, or wrong access token (the answer does not say which).',
  409: 'Conflict with the current state (e.g. DUPLICATE_APPLICATION).',
  413: 'The body is too large.',
  415: 'The body is not JSON.',
  410: 'The link has expired (LINK_EXPIRED).',
  422: 'Fields or documents missing (APPLICATION_INCOMPLETE, each named in `details`), documents invalid (DOCUMENTS_INCOMPLETE), or the contact address not confirmed (CONTACT_NOT_CONFIRMED, `details` names `confirmationCode`).',
  429: 'Too many requests from one network address (TOO_MANY_REQUESTS; the Retry-After header says when to try again). Over a route\'s own throttle, API Gateway answers `{"message":"Too Many Requests"}` before any handler.',
  503: 'The workflow step is not ready yet (TRY_AGAIN): nothing was recorded; send it again in a minute.',
};

const ok = (description: string) => ({ description, content: { 'application/json': { schema: { type: 'object' } } } });
const jsonBody = (ref: string) => ({
  required: true,
  content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } },
});
const admin = [{ adminToken: [] }];
const applicant = [{ applicantToken: [] }];
const callId = { name: 'callId', in: 'path', required: true, schema: { type: 'string' } };
const applicationId = { name: 'applicationId', in: 'path', required: true, schema: { type: 'string' } };
const ref = { name: 'ref', in: 'path', required: true, description: "The opaque reference from the reviewer's email", schema: { type: 'string' } };
const reviewerRef = { ...ref, description: "The opaque reference from the reviewer's emails (any of them: the invitation, a reminder, a task added)" };
const taskOf = { name: 'applicationId', in: 'path', required: true, description: 'An application assigned to this reviewer (404 for any other)', schema: { type: 'string' } };

const pdfResponse = (description: string) => ({ description, content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } });
/** The dashboard's filters of a call's applications; a value the API cannot apply, or another parameter, answers 400. */
const applicationFilters = [
  { name: 'status', in: 'query', required: false, schema: { type: 'string', enum: [...APPLICATION_STATUSES] } },
  { name: 'country', in: 'query', required: false, description: 'Registration country (ISO 3166-1 alpha-2)', schema: { type: 'string', pattern: '^[A-Za-z]{2}$' } },
  { name: 'region', in: 'query', required: false, description: 'UN regional group of the registration country', schema: { type: 'string', enum: [...UN_REGIONAL_GROUPS] } },
  { name: 'actionLine', in: 'query', required: false, schema: { type: 'string', enum: [...ACTION_LINES] } },
  { name: 'priority', in: 'query', required: false, description: '`yes`: only applications with priority points', schema: { type: 'string', enum: ['yes'] } },
  { name: 'minScore', in: 'query', required: false, description: 'Final score at least', schema: { type: 'number' } },
  { name: 'sort', in: 'query', required: false, schema: { type: 'string', enum: Object.keys(SORTS), default: 'score' } },
  { name: 'dir', in: 'query', required: false, schema: { type: 'string', enum: ['asc', 'desc'], default: 'desc' } },
];

export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Trust Fund grants API',
      version: '0.1.0',
      description:
        'Calls for proposals, applications and their eligibility for a trust fund that supports NGOs assisting victims of human trafficking.',
    },
    components: {
      securitySchemes: {
        adminToken: { type: 'http', scheme: 'bearer', description: 'Secretariat token' },
        applicantToken: { type: 'http', scheme: 'bearer', description: 'Access token of one application' },
      },
      schemas: {
        Error: ErrorBody,
        CallInput: schema(CallInput),
        BallotAnswer: schema(BallotAnswer),
        GrantCancellation: schema(GrantCancellation),
        ReportInput: schema(ReportInput),
        ReportReview: schema(ReportReview),
        ReportDocumentRequest: schema(ReportDocumentRequest),
        ApplicationInput: schema(ApplicationInput),
        ApplicationDraft: schema(ApplicationDraft),
        CollaboratorInput: schema(CollaboratorInput),
        Withdrawal: { type: 'object', additionalProperties: false, properties: { reason: { type: 'string', maxLength: 1000, description: "The NGO's own words, kept with the application (never in the audit log)." } } },
        DocumentUploadRequest: schema(DocumentUploadRequest),
        SubmitInput: schema(SubmitInput),
        ConfirmationInput: schema(ConfirmationInput),
        ReviewersInput: schema(ReviewersInput),
        Declaration: schema(Declaration),
        ReviewDraft: schema(ReviewDraft),
        ReviewSubmission: schema(ReviewSubmission),
        ReviewDecline: schema(ReviewDecline),
        TrusteesInput: schema(TrusteesInput),
        SlateChanges: schema(SlateChanges),
        ReviewReassignment: schema(ReviewReassignment),
        QuestionInput: schema(QuestionInput),
        ErasureRequestInput: schema(ErasureRequestInput),
        QuestionAnswerInput: schema(QuestionAnswerInput),
        // Some settings of a call, as CallInput takes them (none required, no defaults applied).
        CallChanges: (({ required: _required, ...rest }) => ({ ...rest, minProperties: 1 }))(schema(CallInput) as { required?: unknown }),
      },
    },
    paths: {
      '/admin/calls': {
        post: {
          summary: 'Create a call for proposals',
          security: admin,
          requestBody: jsonBody('CallInput'),
          responses: { '201': ok('The call, with its id'), ...errors(400, 401, 413, 415) },
        },
        get: { summary: 'List all calls', security: admin, responses: { '200': ok('The calls'), ...errors(401) } },
      },
      '/admin/calls/{callId}/applications': {
        get: {
          summary: 'Applications of a call, with status, eligibility and priority',
          security: admin,
          parameters: [callId],
          responses: { '200': ok('The applications'), ...errors(401, 404) },
        },
      },
      '/admin/calls/{callId}/applications.csv': {
        get: {
          summary:
            "The applications of a call as the dashboard lists them (same filters, same order), one row each: eligibility, priority, every submitted review's scores, total and comments, the final score and the Board's decision. Text cells that could start a formula (= + - @, tab, CR) are prefixed with an apostrophe",
          security: admin,
          parameters: [callId, ...applicationFilters],
          responses: { '200': { description: 'CSV (RFC 4180, UTF-8, every cell quoted)', content: { 'text/csv': { schema: { type: 'string' } } } }, ...errors(400, 401, 404) },
        },
      },
      '/admin/calls/{callId}/applications.xlsx': {
        get: {
          summary: 'The same rows as an Excel workbook (sheet "Applications", numbers as numbers, text guarded as in the CSV; sheet "About": the call and the filters)',
          security: admin,
          parameters: [callId, ...applicationFilters],
          responses: { '200': { description: 'Excel workbook', content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } } } }, ...errors(400, 401, 404) },
        },
      },
      '/admin/calls/{callId}/pack.pdf': {
        get: {
          summary:
            "The board pack: the slate (rank, organisation, country, project, amount, final score, the rule that put it in; the total, the budget and what remains; the reserve list), then a page per project (summary, budget lines, the score's parts, priority contexts, the reviewers' comments without their names). Before submission, the slate as it stands, marked as a draft (409 NOT_RANKED_YET before the ranking)",
          security: admin,
          parameters: [callId],
          responses: { '200': pdfResponse('The board pack'), ...errors(401, 404, 409) },
        },
      },
      '/admin/calls/{callId}/decisions.pdf': {
        get: {
          summary: "The record of the Board's decisions for the minutes: each vote round with its dates and ballots, the rules, and each project's decision, the rule that decided it, the counts, who voted what and the recusals (409 VOTE_NOT_CLOSED before the vote on the slate has closed)",
          security: admin,
          parameters: [callId],
          responses: { '200': pdfResponse('The record of the decisions'), ...errors(401, 404, 409) },
        },
      },
      '/admin/calls/{callId}/reviewers': {
        post: {
          summary: 'Register reviewers for a call (all or none)',
          security: admin,
          parameters: [callId],
          requestBody: jsonBody('ReviewersInput'),
          responses: { '201': ok('The reviewers, with their ids'), ...errors(400, 401, 404, 409, 413, 415) },
        },
        get: {
          summary: 'Reviewers of a call, with their load',
          security: admin,
          parameters: [callId],
          responses: { '200': ok('The reviewers'), ...errors(401, 404) },
        },
      },
      '/admin/calls/{callId}': {
        patch: {
          summary: 'Change settings of a call: before it opens, any; while it is open, all but the rules that judge applications (opening, cap, minimum, duration, experience, action lines, priority contexts, operational share) and never a closing time in the past; once closed, only the title and description',
          security: admin,
          parameters: [callId],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/CallChanges' } } } },
          responses: { '200': ok('The call as changed'), ...errors(400, 401, 404, 409, 413, 415) },
        },
      },
      '/admin/calls/{callId}/reassign': {
        post: {
          summary: "Give a review that waits for its reviewer's answer to another reviewer of the call (no conflict, within the maximum load, not someone who already had it); the chosen reviewer gets the link, the first is told",
          security: admin,
          parameters: [callId],
          requestBody: jsonBody('ReviewReassignment'),
          responses: { '202': ok('The review, reassigned'), ...errors(400, 401, 404, 409, 413, 415) },
        },
      },
      '/admin/calls/{callId}/close': {
        post: {
          summary: 'Close the call and start its review (assignment, review tasks by email, ranking); again to resume a blocked assignment',
          security: admin,
          parameters: [callId],
          responses: { '202': ok('The state of the review'), ...errors(401, 404) },
        },
      },
      '/admin/calls/{callId}/assignments': {
        get: {
          summary: "Who reviews what, with the status of each review, why it was assigned (affinity components), the reviewer's declaration of interests (a conflict with its reason) and when a draft was last saved",
          security: admin,
          parameters: [callId],
          responses: { '200': ok('The assignments'), ...errors(401, 404) },
        },
      },
      '/admin/calls/{callId}/slate': {
        get: {
          summary: 'The slate (proposed from the ranking until changed), its reserve list, totals and every change with its reason',
          security: admin,
          parameters: [callId],
          responses: { '200': ok('The slate'), ...errors(401, 404, 409) },
        },
        put: {
          summary: 'Lower an amount, include or exclude a project, each with a reason (bounds: the request, the cap, the minimum)',
          security: admin,
          parameters: [callId],
          requestBody: jsonBody('SlateChanges'),
          responses: { '200': ok('The slate after the changes'), ...errors(400, 401, 404, 409, 413, 415) },
        },
      },
      '/admin/calls/{callId}/slate/submit': {
        post: {
          summary: 'Send the slate to the Board: it is frozen, and every trustee who votes gets a ballot by email (400 SLATE_OVER_BUDGET with the overrun)',
          security: admin,
          parameters: [callId],
          responses: { '202': ok('The submitted slate'), ...errors(400, 401, 404, 409) },
        },
      },
      '/admin/calls/{callId}/decisions': {
        get: {
          summary: "The Board's vote: ballots cast or not, then each project's decision with the rule that decided it and who voted what",
          security: admin,
          parameters: [callId],
          responses: { '200': ok('The vote and the decisions'), ...errors(401, 404, 409) },
        },
      },
      '/admin/grants': {
        get: {
          summary: 'The grants, each with its amount and its disbursement and report plans',
          security: admin,
          parameters: [{ name: 'callId', in: 'query', required: false, schema: { type: 'string' } }],
          responses: { '200': ok('The grants'), ...errors(401) },
        },
      },
      '/admin/grants/{grantId}/cancel': {
        post: {
          summary: 'A grant declined by the grantee or cancelled by the fund before its first tranche; the next reserve project that fits the freed budget is offered to the Board',
          security: admin,
          parameters: [{ name: 'grantId', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: jsonBody('GrantCancellation'),
          responses: { '200': ok('The cancellation and the offer, if any'), ...errors(400, 401, 404, 409, 413, 415) },
        },
      },
      '/admin/grants/{grantId}/tranches/{number}/approve': {
        post: {
          summary: 'Four eyes: approve the release of a tranche that is ready; not by the member who accepted the report before it (403 FOUR_EYES)',
          security: admin,
          parameters: [
            { name: 'grantId', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'number', in: 'path', required: true, schema: { type: 'integer' } },
          ],
          responses: { '200': ok('Released: the payment instruction is recorded'), ...errors(401, 403, 404, 409) },
        },
      },
      '/admin/reports': {
        get: {
          summary: 'Every report of every grant (due date, status, overdue, submissions and reviews), newest due first; `?status=` narrows',
          security: admin,
          parameters: [{ name: 'status', in: 'query', required: false, schema: { type: 'string', enum: ['scheduled', 'requested', 'submitted', 'returned', 'accepted'] } }],
          responses: { '200': ok('The reports'), ...errors(400, 401) },
        },
      },
      '/admin/reports/{reportId}/review': {
        post: {
          summary: 'Accept a submitted report, or return it with comments (it goes back to the grantee by email)',
          security: admin,
          parameters: [{ name: 'reportId', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: jsonBody('ReportReview'),
          responses: { '200': ok('The report, accepted or returned'), ...errors(400, 401, 404, 409, 413, 415) },
        },
      },
      '/admin/disbursements.csv': {
        get: {
          summary: 'Payment instructions for finance (the system moves no money): released tranches, and held ones with the reason',
          security: admin,
          responses: { '200': { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } }, ...errors(401) },
        },
      },
      '/admin/impact': {
        get: {
          summary: 'Beneficiaries from accepted reports: by group, form of exploitation, service, region and call; counts below 5 shown as "<5"',
          security: admin,
          responses: { '200': ok('The figures'), ...errors(401) },
        },
      },
      '/admin/applications/{applicationId}/questions': {
        post: {
          summary:
            "Ask the applicant a question about a submitted application: emailed to its contact in the application's language, quoted as written, with a single-use link to answer within 30 days (`GET /question/{ref}`). Audited as `application.question` (ids only, never the text). 409 NOT_SUBMITTED for a draft, APPLICATION_WITHDRAWN for a withdrawn application",
          security: admin,
          parameters: [{ name: 'applicationId', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: jsonBody('QuestionInput'),
          responses: { '201': ok('The question (questionId, text, askedBy, askedAt, expiresAt, status `waiting`)'), ...errors(400, 401, 404, 409, 413, 415) },
        },
        get: {
          summary: 'The questions asked about an application, oldest first, each with its status (`waiting`, `answered`, `expired`) and its answer: text, `answeredAt`, and the document (`documentKey`, `fileName`, `contentType`; downloaded from the dashboard)',
          security: admin,
          parameters: [{ name: 'applicationId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': ok('The questions'), ...errors(401, 404) },
        },
      },
      '/admin/applications/{applicationId}/erasure': {
        post: {
          summary:
            "Request the erasure of one application's personal data before its retention period ends, with a reason (four eyes: a different member confirms with `POST …/erasure/confirm`). Audited as `application.erasure.request` (who, never the reason). 409 GRANT_ACTIVE (naming the grant) while its grant runs, APPLICATION_IN_PROGRESS while it is before the call, ERASURE_REQUESTED when one is already waiting, ALREADY_ERASED",
          security: admin,
          parameters: [{ name: 'applicationId', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: jsonBody('ErasureRequestInput'),
          responses: { '202': ok('The request, waiting for confirmation (requestedBy, requestedAt, reason)'), ...errors(400, 401, 404, 409, 413, 415) },
        },
        get: {
          summary: "The application's erasure: the request waiting or confirmed (who, when, why) and when the erasure completed",
          security: admin,
          parameters: [{ name: 'applicationId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': ok('The erasure state'), ...errors(401, 404) },
        },
      },
      '/admin/organisations/export': {
        get: {
          summary:
            'Everything held about one organisation, for a request of access: each of its applications and grants with every record on them (documents, questions, reviews, draft changes, document access, reports, tranches, payments; no token, hash or key), and its documents as signed links (five minutes; each recorded as handed out). Audited as `organisation.export` (ids and counts). 404 when nothing is held',
          security: admin,
          parameters: [
            { name: 'registrationCountry', in: 'query', required: true, schema: { type: 'string', pattern: '^[A-Z]{2}$' } },
            { name: 'registrationNumber', in: 'query', required: true, schema: { type: 'string', minLength: 1, maxLength: 64 } },
          ],
          responses: { '200': ok('The export'), ...errors(400, 401, 404) },
        },
      },
      '/admin/erasures': {
        get: {
          summary:
            'What the retention job will erase within `days` (default 30, at most 366): each application with its call, status, the rule (`not-funded`: RETENTION_NOT_FUNDED_MONTHS, default 24, after the call\'s decisions; `grant-closed`: RETENTION_AFTER_GRANT_MONTHS, default 84, after the grant closes) and the date; with the settings in force. Ids only',
          security: admin,
          parameters: [{ name: 'days', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 366 } }],
          responses: { '200': ok('The erasures due'), ...errors(400, 401) },
        },
      },
      '/admin/applications/{applicationId}/erasure/confirm': {
        post: {
          summary:
            "Confirm a requested erasure (a member other than the one who requested it: else 403 FOUR_EYES) and erase: the application's personal fields, its documents (every version), its questions' and reviews' texts, its grant's and reports' names and narratives, the contact index and the organisation guard; amounts, countries, dates, statuses, scores and figures stay. Idempotent: again after a crash finishes it. Audited as `application.erase` (kinds of records and counts)",
          security: admin,
          parameters: [{ name: 'applicationId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': ok('Erased (result `erased`, or `already`) with the counts of records erased'), ...errors(401, 403, 404, 409) },
        },
      },
      '/question/{ref}': {
        get: {
          summary:
            "A question to an applicant behind its link: the application's title and organisation, the question, and (once answered) the answer received; HTML in the application's language (works without JavaScript) or JSON. Never acts. Unanswered past the link's expiry: 410",
          parameters: [{ ...ref, description: "The opaque reference from the applicant's email" }],
          responses: { '200': ok('The question (status `waiting` or `answered`)'), ...errors(404, 410) },
        },
        post: {
          summary:
            'Answer the question, once: the text and optionally the key of a document uploaded first (checked: there, at most 10 MiB, of its type by its first bytes). JSON or the HTML form (`application/x-www-form-urlencoded`, fields `answer`, `documentKey`, `fileName`). The same answer again answers 200 with the answer recorded; another one is 409 ALREADY_ANSWERED. Audited as `application.answer`',
          parameters: [{ ...ref, description: "The opaque reference from the applicant's email" }],
          requestBody: jsonBody('QuestionAnswerInput'),
          responses: { '200': ok('Answered'), ...errors(400, 403, 404, 409, 410, 413, 415) },
        },
      },
      '/question/{ref}/documents': {
        post: {
          summary: 'A presigned POST to upload one document with the answer; returns the key to send as `documentKey`',
          parameters: [{ ...ref, description: "The opaque reference from the applicant's email" }],
          requestBody: jsonBody('ReportDocumentRequest'),
          responses: { '201': ok('The upload'), ...errors(400, 403, 404, 409, 410, 413, 415) },
        },
      },
      '/report/{ref}': {
        get: {
          summary: "A grantee's report request: the grant, the period, the due date, the secretariat's comments if it was returned",
          parameters: [{ ...ref, description: "The opaque reference from the grantee's email" }],
          responses: { '200': ok('The request'), ...errors(404, 409, 410) },
        },
        post: {
          summary: 'Submit the report: narrative, the key of the uploaded financial statement, and the figures (they must add up)',
          parameters: [{ ...ref, description: "The opaque reference from the grantee's email" }],
          requestBody: jsonBody('ReportInput'),
          responses: { '200': ok('Submitted'), ...errors(400, 404, 409, 410, 413, 415) },
        },
      },
      '/report/{ref}/documents': {
        post: {
          summary: 'A presigned POST to upload the financial statement; returns the key to submit with the report',
          parameters: [{ ...ref, description: "The opaque reference from the grantee's email" }],
          requestBody: jsonBody('ReportDocumentRequest'),
          responses: { '201': ok('The upload'), ...errors(400, 404, 409, 410, 413, 415) },
        },
      },
      '/ballot/{ref}': {
        get: {
          summary: "A trustee's ballot: each project of the slate with organisation, country, title, amount, final score with its parts and priority contexts (HTML or JSON)",
          parameters: [{ ...ref, description: "The opaque reference from the trustee's email" }],
          responses: { '200': ok('The ballot'), ...errors(404, 409, 410) },
        },
        post: {
          summary: 'Cast the ballot: one vote (approve, reject, abstain, recuse) on every project, final; JSON or the HTML form',
          parameters: [{ ...ref, description: "The opaque reference from the trustee's email" }],
          requestBody: jsonBody('BallotAnswer'),
          responses: { '200': ok('Recorded'), ...errors(400, 404, 409, 410, 413, 415) },
        },
      },
      '/ballot/{ref}/pack.pdf': {
        get: {
          summary: "The board pack of the trustee's ballot (the same document as `GET /admin/calls/{callId}/pack.pdf`), while the link opens the ballot: not once it is cast (409) nor after the deadline (410)",
          parameters: [{ ...ref, description: "The opaque reference from the trustee's email" }],
          responses: { '200': pdfResponse('The board pack'), ...errors(404, 409, 410) },
        },
      },
      '/admin/calls/{callId}/ranking': {
        get: {
          summary: 'The ranked applications with the parts of each score, once every review is in',
          security: admin,
          parameters: [callId],
          responses: { '200': ok('The ranking and its rule'), ...errors(401, 404, 409) },
        },
      },
      '/reviewer/{ref}': {
        get: {
          summary: "A reviewer's page for one call: their tasks (organisation, country, title, status, deadline) and their progress (\"5 of 12 submitted\"); HTML or JSON. The link stays open, for many uses, until a week after their latest deadline",
          parameters: [reviewerRef],
          responses: { '200': ok('The tasks and the progress'), ...errors(404, 410) },
        },
      },
      '/reviewer/{ref}/tasks/{applicationId}': {
        get: {
          summary: 'One task: before the declaration of interests only the organisation, its country and the title; after "no conflict" the application, short-lived document links, the criteria and the saved draft; HTML or JSON',
          parameters: [reviewerRef, taskOf],
          responses: { '200': ok('The task'), ...errors(404, 410) },
        },
      },
      '/reviewer/{ref}/tasks/{applicationId}/declaration': {
        post: {
          summary: 'Declare no conflict of interest (the application is then shown), or one with its reason: recorded with the review and in the audit log, and the task goes to the best remaining reviewer. Once per task; refused from other sites (403 CROSS_SITE)',
          parameters: [reviewerRef, taskOf],
          requestBody: jsonBody('Declaration'),
          responses: { '200': ok('Recorded'), '303': { description: 'HTML form: back to the task (no conflict) or to the page' }, ...errors(400, 403, 404, 409, 410, 413, 415, 503) },
        },
      },
      '/reviewer/{ref}/tasks/{applicationId}/draft': {
        post: {
          summary: 'Save the scores so far and the comments, to finish later (after declaring no conflict); as often as wanted',
          parameters: [reviewerRef, taskOf],
          requestBody: jsonBody('ReviewDraft'),
          responses: { '200': ok('Saved'), '303': { description: 'HTML form: back to the task' }, ...errors(400, 403, 404, 409, 410, 413, 415) },
        },
      },
      '/reviewer/{ref}/tasks/{applicationId}/submit': {
        post: {
          summary: 'Send the review: a score 1 to 5 for every criterion, with comments. Final; resumes the review workflow once (409 after)',
          parameters: [reviewerRef, taskOf],
          requestBody: jsonBody('ReviewSubmission'),
          responses: { '200': ok('Recorded, with the total'), '303': { description: 'HTML form: back to the page' }, ...errors(400, 403, 404, 409, 410, 413, 415, 503) },
        },
      },
      '/reviewer/{ref}/tasks/{applicationId}/decline': {
        post: {
          summary: 'Decline: no time (`unavailable`), or a conflict of interest found while reading, after declaring none (`conflict-of-interest` with what it is: recorded and audited like a declaration). The task goes to the best remaining reviewer',
          parameters: [reviewerRef, taskOf],
          requestBody: jsonBody('ReviewDecline'),
          responses: { '200': ok('Recorded'), '303': { description: 'HTML form: back to the page' }, ...errors(400, 403, 404, 409, 410, 413, 415, 503) },
        },
      },
      '/admin/trustees': {
        post: {
          summary: 'Register trustees of the Board (name, email, term; all or none)',
          security: admin,
          requestBody: jsonBody('TrusteesInput'),
          responses: { '201': ok('The trustees, with their ids'), ...errors(400, 401, 409, 413, 415) },
        },
        get: { summary: 'The Board, with who is in term today', security: admin, responses: { '200': ok('The trustees'), ...errors(401) } },
      },
      '/admin/audit': {
        get: {
          summary: 'The audit log of one month (who, what, when, before and after), newest first',
          security: admin,
          parameters: [{ name: 'month', in: 'query', required: false, schema: { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' } }],
          responses: { '200': ok('The entries'), ...errors(400, 401) },
        },
      },
      '/calls': { get: { summary: 'Open calls', responses: { '200': ok('The open calls') } } },
      '/calls/{callId}': {
        get: {
          summary: 'A call, with `formSchema` (the JSON Schema of an application) and the required documents',
          parameters: [callId],
          responses: { '200': ok('The call'), ...errors(404) },
        },
      },
      '/calls/{callId}/applications': {
        post: {
          summary:
            'Start a draft application: the organisation (name, registration country and number) and the contact email are enough; any other part of the application may come too. Returns its id, access token (also emailed), `contactConfirmed` and what is still missing. At most 20 drafts per network address per 10 minutes (429 TOO_MANY_REQUESTS with Retry-After)',
          parameters: [callId],
          requestBody: jsonBody('ApplicationDraft'),
          responses: { '201': ok('The draft, with `missing`'), ...errors(400, 404, 409, 413, 415, 429) },
        },
      },
      '/applications/{applicationId}/documents': {
        post: {
          summary: 'Get a presigned POST to upload one document straight to storage',
          security: applicant,
          parameters: [applicationId],
          requestBody: jsonBody('DocumentUploadRequest'),
          responses: { '201': ok('The upload form (url and fields)'), ...errors(400, 404, 409, 413, 415) },
        },
      },
      '/applications/{applicationId}/submit': {
        post: {
          summary:
            "Submit the application: every required field and document must be there (422 APPLICATION_INCOMPLETE names each one missing), the documents are checked, and the intake starts (once per submission). The contact address must be confirmed first: the first email sent to it carries a confirmation code, given here once as `confirmationCode` (422 CONTACT_NOT_CONFIRMED until then; `contactConfirmed` in the draft's view says whether it is needed). Until an address is confirmed, nothing but its first email is sent to it",
          security: applicant,
          parameters: [applicationId],
          requestBody: { ...jsonBody('SubmitInput'), required: false },
          responses: { '202': ok('Submitted; the eligibility result follows by email'), ...errors(404, 409, 422) },
        },
      },
      '/applications/{applicationId}/confirm': {
        post: {
          summary:
            "Confirm the contact address with the code of the first email sent to it (also possible with the submission). Until an address is confirmed, nothing but that first email is sent to it. Contact only (403 CONTACT_ONLY for a collaborator); a wrong code answers 400 naming `confirmationCode`",
          security: applicant,
          parameters: [applicationId],
          requestBody: jsonBody('ConfirmationInput'),
          responses: { '200': ok('Confirmed (`contactConfirmed: true`)'), ...errors(400, 403, 404, 415) },
        },
      },
      '/applications/{applicationId}/reopen': {
        post: {
          summary:
            'Reopen a decided application (eligible or ineligible) to correct it, until the call closes and if the call allows it (`editsUntilClose`): back to draft, its eligibility result set aside; submitting again runs the intake again. Reopening a draft changes nothing',
          security: applicant,
          parameters: [applicationId],
          responses: { '200': ok('The application, a draft again'), ...errors(404, 409) },
        },
      },
      '/applications/{applicationId}/collaborators': {
        post: {
          summary:
            "The contact invites a colleague to work on the draft (at most 10 at once): they get an email with a link of their own into the form. Collaborators edit the draft and its documents; only the contact submits, reopens, withdraws or manages collaborators (403 CONTACT_ONLY). Every saved change records who made it (`history` in the contact's view)",
          security: applicant,
          parameters: [applicationId],
          requestBody: jsonBody('CollaboratorInput'),
          responses: { '201': ok('The collaborator (id, email, name)'), ...errors(400, 403, 404, 409, 413, 415) },
        },
      },
      '/applications/{applicationId}/collaborators/{collaboratorId}': {
        delete: {
          summary: "The contact removes a collaborator: their link stops working at once",
          security: applicant,
          parameters: [applicationId, { name: 'collaboratorId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '204': { description: 'Removed' }, ...errors(403, 404) },
        },
      },
      '/applications/{applicationId}/withdraw': {
        post: {
          summary:
            "Withdraw the application, with an optional reason, at any time before the Board's decision: final; its waiting reviews are cancelled (the reviewers are told), it leaves the ranking and the slate and never becomes a grant. Withdrawing again answers the same",
          security: applicant,
          parameters: [applicationId],
          requestBody: { required: false, content: { 'application/json': { schema: { $ref: '#/components/schemas/Withdrawal' } } } },
          responses: { '200': ok('The application, withdrawn'), ...errors(400, 404, 409, 415) },
        },
      },
      '/applications/{applicationId}': {
        get: {
          summary:
            'Status, eligibility with every reason, priority with its rules; while a draft, `missing`: every required field and document still absent, by path, in the application\'s language; `actions`: what the NGO may do now',
          security: applicant,
          parameters: [applicationId],
          responses: { '200': ok('The application'), ...errors(404) },
        },
        patch: {
          summary:
            'Save any part of a draft: a JSON Merge Patch (RFC 7396) of the application (null removes a field, arrays are replaced whole). The merged draft is checked whole: a refused change names each field and its rule and saves nothing. A new registration moves the organisation\'s guard (409 DUPLICATE_APPLICATION if taken)',
          security: applicant,
          parameters: [applicationId],
          requestBody: {
            required: true,
            content: {
              'application/merge-patch+json': { schema: { $ref: '#/components/schemas/ApplicationDraft' } },
              'application/json': { schema: { $ref: '#/components/schemas/ApplicationDraft' } },
            },
          },
          responses: { '200': ok('The draft as saved, with `missing`'), ...errors(400, 404, 409, 413, 415) },
        },
      },
      '/openapi.json': { get: { summary: 'This description', responses: { '200': ok('OpenAPI 3.1') } } },
    },
  };
}
