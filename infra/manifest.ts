// The one description of the system's wiring, read by both the CDK stack and
// the local runtime, so the two places the system runs cannot drift apart:
// which handlers exist, which HTTP routes call them, which AWS resources each
// needs, and which handler every `${...}` of every workflow file names.

/** AWS resources a handler may use; each maps to a grant + environment variable in CDK. */
export type Capability =
  | 'table:read'
  | 'table:write'
  /** Item reads by key only (no queries): for a writer that reads a record back. */
  | 'table:get'
  /** Item puts only (records created once, conditionally), no updates: for a handler that only adds records. */
  | 'table:put'
  /** Item deletes (in transactions too): apart from table:write, which most writers hold and none of them needs deletes for. */
  | 'table:delete'
  | 'bucket:read'
  | 'bucket:write'
  /** Copy a document under the prefix with its tags (with bucket:read and bucket:write): on AWS every object carries GuardDuty's scan tag, which the copy takes along. */
  | 'bucket:copy'
  /** Erase the objects under the prefix, every version (ListObjectVersions, DeleteObject with a VersionId): the erasure of personal data (shared/erasure.ts). */
  | 'bucket:erase'
  | 'intake:start'
  | 'mail:send'
  | 'admin-auth'
  /** Start the `call` workflow of a call. */
  | 'call:start'
  /** Resume (SendTaskSuccess / SendTaskFailure) the tasks of the `review` workflow: the callback handler only. */
  | 'review:answer'
  /** Resume the tasks of the `call` workflow (the slate submission, the ballots): their two handlers only. */
  | 'call:answer'
  /** Resume the tasks of the `milestone` workflow (a report in, a report reviewed). */
  | 'milestone:answer'
  /** Create the one-time schedules of a grant's milestones (EventBridge Scheduler). */
  | 'milestone:schedule';

export interface HandlerSpec {
  /** Path of the module exporting `handler`, relative to the repository root. */
  entry: string;
  description: string;
  capabilities: readonly Capability[];
  /** Lambda timeout in seconds. */
  timeoutSeconds: number;
  /** Files (relative to the repository root) copied next to the bundle, for the handler to read at run time. */
  assets?: readonly string[];
  memoryMb: number;
  /**
   * The table's indexes it queries (with `table:read`): the only ones its
   * role may query. test/cdk/env.test.ts checks them against the code.
   */
  indexes?: readonly string[];
}

export const handlers = {
  'api-admin': {
    entry: 'functions/api-admin/index.ts',
    description: 'Secretariat API: calls, applications, reviewers, the Board, slate, grants, reports, figures',
    capabilities: ['table:read', 'table:write', 'table:delete', 'admin-auth', 'call:start', 'mail:send', 'bucket:erase', 'bucket:read'],
    indexes: ['gsi1', 'gsi2'],
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  'api-public': {
    entry: 'functions/api-public/index.ts',
    description: 'Public API: open calls, their form schema, the OpenAPI description',
    capabilities: ['table:read'],
    indexes: ['gsi1'],
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  'api-applications': {
    entry: 'functions/api-applications/index.ts',
    description: 'Applicant API: drafts saved and resumed, document uploads, submission, reopening, status',
    capabilities: ['table:read', 'table:write', 'table:delete', 'bucket:read', 'bucket:write', 'intake:start', 'mail:send'],
    timeoutSeconds: 15,
    memoryMb: 512,
  },
  'application-withdraw': {
    entry: 'functions/application-withdraw/index.ts',
    description: 'Applicant API: withdraw an application (cancels its waiting reviews)',
    capabilities: ['table:read', 'table:write', 'mail:send', 'review:answer'],
    timeoutSeconds: 15,
    memoryMb: 512,
  },
  org: {
    entry: 'functions/org/index.ts',
    description: "The organisation's page: a sign-in link to the contact address, its applications, grants and reports due, and a new draft from its profile",
    capabilities: ['table:read', 'table:write', 'mail:send', 'bucket:read', 'bucket:write', 'bucket:copy'],
    indexes: ['gsi1'],
    timeoutSeconds: 15,
    memoryMb: 512,
  },
  web: {
    entry: 'functions/web/index.ts',
    description: 'Server-rendered web pages: open calls, application form, status page',
    capabilities: ['table:read'],
    indexes: ['gsi1'],
    timeoutSeconds: 10,
    memoryMb: 256,
  },
  'intake-load': {
    entry: 'functions/intake-load/index.ts',
    description: 'Intake step: load the application, its call and the checks on its documents',
    capabilities: ['table:read', 'bucket:read'],
    indexes: ['gsi2'],
    timeoutSeconds: 30,
    memoryMb: 512,
  },
  'intake-eligibility': {
    entry: 'functions/intake-eligibility/index.ts',
    description: 'Intake step: eligibility rules (pure)',
    capabilities: [],
    timeoutSeconds: 10,
    memoryMb: 256,
  },
  'intake-priority': {
    entry: 'functions/intake-priority/index.ts',
    description: 'Intake step: priority scoring (pure)',
    capabilities: [],
    timeoutSeconds: 10,
    memoryMb: 256,
  },
  'intake-store': {
    entry: 'functions/intake-store/index.ts',
    description: 'Intake step: store the eligibility decision and priority',
    capabilities: ['table:get', 'table:write'],
    timeoutSeconds: 10,
    memoryMb: 256,
  },
  'intake-notify': {
    entry: 'functions/intake-notify/index.ts',
    description: 'Intake step: email the applicant the result',
    // table:write: it records the send (markResultEmailSent), so that a retried step sends nothing twice.
    capabilities: ['table:read', 'table:write', 'mail:send'],
    timeoutSeconds: 30,
    memoryMb: 256,
  },
  'call-assign': {
    entry: 'functions/call-assign/index.ts',
    description: 'Call step: assign reviewers to every eligible application at once (exact, min-cost flow)',
    capabilities: ['table:read', 'table:write'],
    indexes: ['gsi1'],
    timeoutSeconds: 120,
    memoryMb: 1024,
  },
  'call-rank': {
    entry: 'functions/call-rank/index.ts',
    description: 'Call step: rank the reviewed applications',
    capabilities: ['table:read', 'table:write'],
    indexes: ['gsi1'],
    timeoutSeconds: 60,
    memoryMb: 512,
  },
  'review-load': {
    entry: 'functions/review-load/index.ts',
    description: 'Review step: the reviewers assigned to an application, with their deadline',
    capabilities: ['table:read'],
    timeoutSeconds: 30,
    memoryMb: 256,
  },
  'review-invite': {
    entry: 'functions/review-invite/index.ts',
    description: "Call step: one email per reviewer for the call (how many applications, the deadline, the link to their page)",
    capabilities: ['table:read', 'table:write', 'mail:send'],
    indexes: ['gsi1'],
    timeoutSeconds: 120,
    memoryMb: 256,
  },
  'review-request': {
    entry: 'functions/review-request/index.ts',
    description: 'Review step: keep the task token and the deadline; a task added by reassignment is announced by email',
    capabilities: ['table:read', 'table:write', 'mail:send'],
    indexes: ['gsi2'],
    timeoutSeconds: 30,
    memoryMb: 256,
  },
  'review-reassign': {
    entry: 'functions/review-reassign/index.ts',
    description: 'Review step: give a declined, expired or handed-over review to the next reviewer',
    capabilities: ['table:read', 'table:write'],
    timeoutSeconds: 30,
    memoryMb: 512,
  },
  'review-handover': {
    entry: 'functions/review-handover/index.ts',
    description: 'The secretariat gives a waiting review to another reviewer (API and dashboard form); resumes the review workflow',
    capabilities: ['table:read', 'table:write', 'mail:send', 'admin-auth', 'review:answer'],
    timeoutSeconds: 15,
    memoryMb: 512,
  },
  'review-finish': {
    entry: 'functions/review-finish/index.ts',
    description: 'Review step: mark the application reviewed',
    capabilities: ['table:write'],
    timeoutSeconds: 30,
    memoryMb: 256,
  },
  'reviewer-page': {
    entry: 'functions/reviewer-page/index.ts',
    description: "The reviewer's page for a call: their tasks and progress; declare interests, save a draft, submit or decline a review",
    capabilities: ['table:read', 'table:write', 'bucket:read', 'review:answer'],
    indexes: ['gsi2'],
    timeoutSeconds: 15,
    memoryMb: 512,
  },
  tick: {
    entry: 'functions/tick/index.ts',
    description: "The fund's clock tick: close calls at their closing time, send due reminders (one digest per reviewer), erase the personal data whose retention period has ended",
    capabilities: ['table:read', 'table:write', 'mail:send', 'call:start', 'table:delete', 'bucket:erase'],
    indexes: ['gsi1'],
    timeoutSeconds: 120,
    memoryMb: 512,
  },
  'call-await-slate': {
    entry: 'functions/call-await-slate/index.ts',
    description: 'Call step: keep the task token while the secretariat prepares the slate',
    capabilities: ['table:write'],
    timeoutSeconds: 10,
    memoryMb: 256,
  },
  'slate-submit': {
    entry: 'functions/slate-submit/index.ts',
    description: 'Secretariat API: send the slate to the Board (resumes the call workflow)',
    capabilities: ['table:read', 'table:write', 'admin-auth', 'call:answer'],
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  'vote-open': {
    entry: 'functions/vote-open/index.ts',
    description: "Call step: open the Board's vote, one ballot per trustee",
    capabilities: ['table:read', 'table:write'],
    timeoutSeconds: 30,
    memoryMb: 256,
  },
  'ballot-request': {
    entry: 'functions/ballot-request/index.ts',
    description: 'Call step: keep the task token, make the personal link, email the trustee their ballot',
    capabilities: ['table:read', 'table:write', 'mail:send'],
    timeoutSeconds: 30,
    memoryMb: 256,
  },
  'ballot-answer': {
    entry: 'functions/ballot-answer/index.ts',
    description: "Ballot pages: show the slate behind a trustee's link and cast the ballot",
    capabilities: ['table:read', 'table:write', 'call:answer'],
    timeoutSeconds: 15,
    memoryMb: 512,
  },
  'call-decide': {
    entry: 'functions/call-decide/index.ts',
    description: 'Call step: tally the votes, record the decisions, create the grants and their schedules',
    capabilities: ['table:read', 'table:write', 'mail:send', 'milestone:schedule'],
    timeoutSeconds: 120,
    memoryMb: 512,
  },
  'call-notify': {
    entry: 'functions/call-notify/index.ts',
    description: 'Call step: tell every applicant the decision',
    capabilities: ['table:read', 'table:write', 'mail:send'],
    timeoutSeconds: 300,
    memoryMb: 256,
  },
  'milestone-load': {
    entry: 'functions/milestone-load/index.ts',
    description: 'Milestone step: what a milestone needs now (request, review, overdue, release, or nothing)',
    capabilities: ['table:read'],
    timeoutSeconds: 30,
    memoryMb: 256,
  },
  'report-request': {
    entry: 'functions/report-request/index.ts',
    description: 'Milestone step: keep the task token, make the personal link, email the grantee the report request',
    capabilities: ['table:read', 'table:write', 'mail:send'],
    timeoutSeconds: 30,
    memoryMb: 256,
  },
  'report-overdue': {
    entry: 'functions/report-overdue/index.ts',
    description: 'Milestone step: mark a report overdue, hold the next tranche, tell the grantee and the secretariat',
    capabilities: ['table:read', 'table:write', 'mail:send'],
    timeoutSeconds: 30,
    memoryMb: 256,
  },
  'report-await-review': {
    entry: 'functions/report-await-review/index.ts',
    description: "Milestone step: keep the task token while the secretariat reviews the report",
    capabilities: ['table:write'],
    timeoutSeconds: 10,
    memoryMb: 256,
  },
  'tranche-release': {
    entry: 'functions/tranche-release/index.ts',
    description: 'Milestone step: release a tranche (payment instruction, once) or hold it and say why',
    capabilities: ['table:read', 'table:write', 'mail:send'],
    timeoutSeconds: 30,
    memoryMb: 256,
  },
  'report-answer': {
    entry: 'functions/report-answer/index.ts',
    description: "Report pages: show the report form behind a grantee's link, presign the financial statement, take the report",
    capabilities: ['table:read', 'table:write', 'bucket:read', 'bucket:write', 'milestone:answer'],
    timeoutSeconds: 15,
    memoryMb: 512,
  },
  'question-answer': {
    entry: 'functions/question-answer/index.ts',
    description: "Question pages: show the secretariat's question behind an applicant's link, presign a document, take the answer (once)",
    // As report-answer, without resuming anything: a question is no workflow step.
    capabilities: ['table:read', 'table:write', 'bucket:read', 'bucket:write'],
    timeoutSeconds: 15,
    memoryMb: 512,
  },
  'report-review': {
    entry: 'functions/report-review/index.ts',
    description: 'Secretariat API: accept a report or return it with comments (resumes the milestone workflow)',
    capabilities: ['table:read', 'table:write', 'admin-auth', 'milestone:answer'],
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  dashboard: {
    entry: 'functions/dashboard/index.ts',
    description: "The secretariat's web pages: calls, applications, grants, impact (session sign-in); records each document link it hands out",
    capabilities: ['table:read', 'table:put', 'bucket:read', 'admin-auth'],
    indexes: ['gsi1'],
    timeoutSeconds: 15,
    memoryMb: 512,
    assets: ['node_modules/chart.js/dist/chart.umd.min.js'],
  },
  documents: {
    entry: 'functions/documents/index.ts',
    description: "Downloads: the board pack and the record of the Board's decisions (PDF), a call's applications (CSV, Excel); read-only",
    // Its own function: the only bundle with pdfkit, the fonts and exceljs, and no right to write, mail or resume anything.
    capabilities: ['table:read', 'admin-auth'],
    indexes: ['gsi1'],
    timeoutSeconds: 30,
    memoryMb: 1024,
    assets: ['node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf', 'node_modules/dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'],
  },
  'dashboard-actions': {
    entry: 'functions/dashboard-actions/index.ts',
    description: "The dashboard's forms: create a call, accept or return a report, approve a release, ask an applicant a question, request or confirm an erasure (session sign-in)",
    capabilities: ['table:read', 'table:write', 'mail:send', 'admin-auth', 'milestone:answer', 'table:delete', 'bucket:erase'],
    timeoutSeconds: 15,
    memoryMb: 512,
  },
} as const satisfies Record<string, HandlerSpec>;

/** How often the tick runs on AWS (EventBridge Scheduler); locally, at every move of the virtual clock and every minute. */
export const TICK_EVERY_MINUTES = 15;

export type HandlerName = keyof typeof handlers;

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** API Gateway v2 route path, with `{param}` placeholders. */
  path: string;
  handler: HandlerName;
}

/** API Gateway's throttling of the whole stage (every route, all clients together), on AWS only: a cap on the bill if a client goes wild. */
export const STAGE_THROTTLE = { rateLimit: 100, burstLimit: 200 } as const;

/**
 * The public write routes, those anyone can call without a credential, are
 * throttled per route (all clients together) by API Gateway on AWS and by the
 * local server alike (infra/local/http-server.ts); over it both answer 429
 * `{"message":"Too Many Requests"}`, before any handler runs. One client is
 * limited further by the handler itself (shared/rate-limit.ts: 429 in the
 * documented shape, with Retry-After). The figures leave room for a deadline
 * day (the bench's spike: 20 applicants at once, ~4 applications a second).
 */
export const ROUTE_THROTTLES: Readonly<Record<string, { rateLimit: number; burstLimit: number }>> = {
  'POST /calls/{callId}/applications': { rateLimit: 10, burstLimit: 20 },
  'POST /org': { rateLimit: 5, burstLimit: 10 },
};

/** The JSON API, which OpenAPI describes: every route but the web pages and the dashboard's pages and forms. */
// The question page's script (/question/assets/{file}) is a page's asset, as /assets/{file} is; /question/{ref} itself speaks JSON too and is described.
export const isApiRoute = (route: RouteSpec): boolean =>
  route.handler !== 'web' && !/^\/(dashboard|signin|signout|org)(\/|$)/.test(route.path) && !route.path.startsWith('/question/assets/');

export const routes: readonly RouteSpec[] = [
  { method: 'POST', path: '/admin/calls', handler: 'api-admin' },
  { method: 'GET', path: '/admin/calls', handler: 'api-admin' },
  { method: 'GET', path: '/admin/calls/{callId}/applications', handler: 'api-admin' },
  { method: 'POST', path: '/admin/calls/{callId}/reviewers', handler: 'api-admin' },
  { method: 'GET', path: '/admin/calls/{callId}/reviewers', handler: 'api-admin' },
  { method: 'GET', path: '/calls', handler: 'api-public' },
  { method: 'GET', path: '/calls/{callId}', handler: 'api-public' },
  { method: 'GET', path: '/openapi.json', handler: 'api-public' },
  { method: 'POST', path: '/calls/{callId}/applications', handler: 'api-applications' },
  { method: 'POST', path: '/applications/{applicationId}/documents', handler: 'api-applications' },
  { method: 'POST', path: '/applications/{applicationId}/submit', handler: 'api-applications' },
  { method: 'GET', path: '/applications/{applicationId}', handler: 'api-applications' },
  { method: 'PATCH', path: '/applications/{applicationId}', handler: 'api-applications' },
  { method: 'POST', path: '/applications/{applicationId}/reopen', handler: 'api-applications' },
  { method: 'POST', path: '/applications/{applicationId}/confirm', handler: 'api-applications' },
  { method: 'POST', path: '/applications/{applicationId}/collaborators', handler: 'api-applications' },
  { method: 'DELETE', path: '/applications/{applicationId}/collaborators/{collaboratorId}', handler: 'api-applications' },
  { method: 'POST', path: '/applications/{applicationId}/withdraw', handler: 'application-withdraw' },
  { method: 'GET', path: '/org', handler: 'org' },
  { method: 'POST', path: '/org', handler: 'org' },
  { method: 'GET', path: '/org/{ref}', handler: 'org' },
  { method: 'POST', path: '/org/{ref}/apply/{callId}', handler: 'org' },
  { method: 'GET', path: '/', handler: 'web' },
  { method: 'GET', path: '/apply/{callId}', handler: 'web' },
  { method: 'GET', path: '/status/{applicationId}', handler: 'web' },
  { method: 'GET', path: '/assets/{file}', handler: 'web' },
  { method: 'GET', path: '/docs', handler: 'web' },
  { method: 'GET', path: '/signin', handler: 'dashboard' },
  { method: 'GET', path: '/signin/callback', handler: 'dashboard' },
  { method: 'POST', path: '/signin', handler: 'dashboard' },
  { method: 'POST', path: '/signout', handler: 'dashboard' },
  { method: 'GET', path: '/dashboard', handler: 'dashboard' },
  { method: 'GET', path: '/dashboard/calls/{callId}', handler: 'dashboard' },
  { method: 'GET', path: '/dashboard/grants', handler: 'dashboard' },
  { method: 'GET', path: '/dashboard/grants/{grantId}', handler: 'dashboard' },
  { method: 'GET', path: '/dashboard/applications/{applicationId}', handler: 'dashboard' },
  { method: 'GET', path: '/dashboard/impact', handler: 'dashboard' },
  { method: 'GET', path: '/dashboard/assets/{file}', handler: 'dashboard' },
  { method: 'POST', path: '/dashboard/reports/{reportId}/review', handler: 'dashboard-actions' },
  { method: 'POST', path: '/dashboard/calls', handler: 'dashboard-actions' },
  { method: 'POST', path: '/dashboard/calls/{callId}/slate', handler: 'dashboard-actions' },
  { method: 'POST', path: '/dashboard/grants/{grantId}/tranches/{number}/approve', handler: 'dashboard-actions' },
  { method: 'POST', path: '/admin/calls/{callId}/close', handler: 'api-admin' },
  { method: 'PATCH', path: '/admin/calls/{callId}', handler: 'api-admin' },
  { method: 'POST', path: '/admin/calls/{callId}/reassign', handler: 'review-handover' },
  { method: 'POST', path: '/dashboard/calls/{callId}/reassign', handler: 'review-handover' },
  { method: 'POST', path: '/dashboard/calls/{callId}/edit', handler: 'dashboard-actions' },
  { method: 'POST', path: '/dashboard/calls/{callId}/slate/submit', handler: 'slate-submit' },
  { method: 'GET', path: '/dashboard/disbursements.csv', handler: 'dashboard' },
  { method: 'GET', path: '/admin/calls/{callId}/ranking', handler: 'api-admin' },
  { method: 'GET', path: '/admin/calls/{callId}/assignments', handler: 'api-admin' },
  { method: 'GET', path: '/admin/calls/{callId}/slate', handler: 'api-admin' },
  { method: 'PUT', path: '/admin/calls/{callId}/slate', handler: 'api-admin' },
  { method: 'POST', path: '/admin/trustees', handler: 'api-admin' },
  { method: 'GET', path: '/admin/trustees', handler: 'api-admin' },
  { method: 'GET', path: '/admin/audit', handler: 'api-admin' },
  { method: 'POST', path: '/admin/calls/{callId}/slate/submit', handler: 'slate-submit' },
  { method: 'GET', path: '/admin/calls/{callId}/decisions', handler: 'api-admin' },
  { method: 'GET', path: '/admin/grants', handler: 'api-admin' },
  { method: 'POST', path: '/admin/grants/{grantId}/cancel', handler: 'api-admin' },
  { method: 'POST', path: '/admin/grants/{grantId}/tranches/{number}/approve', handler: 'api-admin' },
  { method: 'GET', path: '/admin/reports', handler: 'api-admin' },
  { method: 'POST', path: '/admin/reports/{reportId}/review', handler: 'report-review' },
  { method: 'GET', path: '/admin/disbursements.csv', handler: 'api-admin' },
  { method: 'GET', path: '/admin/impact', handler: 'api-admin' },
  { method: 'GET', path: '/report/{ref}', handler: 'report-answer' },
  { method: 'POST', path: '/report/{ref}', handler: 'report-answer' },
  { method: 'POST', path: '/report/{ref}/documents', handler: 'report-answer' },
  { method: 'POST', path: '/admin/applications/{applicationId}/questions', handler: 'api-admin' },
  { method: 'GET', path: '/admin/applications/{applicationId}/questions', handler: 'api-admin' },
  { method: 'POST', path: '/admin/applications/{applicationId}/erasure', handler: 'api-admin' },
  { method: 'GET', path: '/admin/applications/{applicationId}/erasure', handler: 'api-admin' },
  { method: 'POST', path: '/admin/applications/{applicationId}/erasure/confirm', handler: 'api-admin' },
  { method: 'GET', path: '/admin/erasures', handler: 'api-admin' },
  { method: 'GET', path: '/admin/organisations/export', handler: 'api-admin' },
  { method: 'POST', path: '/dashboard/applications/{applicationId}/questions', handler: 'dashboard-actions' },
  { method: 'POST', path: '/dashboard/applications/{applicationId}/erasure', handler: 'dashboard-actions' },
  { method: 'POST', path: '/dashboard/applications/{applicationId}/erasure/confirm', handler: 'dashboard-actions' },
  { method: 'GET', path: '/question/{ref}', handler: 'question-answer' },
  { method: 'POST', path: '/question/{ref}', handler: 'question-answer' },
  { method: 'POST', path: '/question/{ref}/documents', handler: 'question-answer' },
  { method: 'GET', path: '/question/assets/{file}', handler: 'question-answer' },
  { method: 'GET', path: '/ballot/{ref}', handler: 'ballot-answer' },
  { method: 'GET', path: '/ballot/{ref}/pack.pdf', handler: 'documents' },
  { method: 'GET', path: '/dashboard/calls/{callId}/pack.pdf', handler: 'documents' },
  { method: 'GET', path: '/dashboard/calls/{callId}/decisions.pdf', handler: 'documents' },
  { method: 'GET', path: '/dashboard/calls/{callId}/applications.csv', handler: 'documents' },
  { method: 'GET', path: '/dashboard/calls/{callId}/applications.xlsx', handler: 'documents' },
  { method: 'GET', path: '/admin/calls/{callId}/pack.pdf', handler: 'documents' },
  { method: 'GET', path: '/admin/calls/{callId}/decisions.pdf', handler: 'documents' },
  { method: 'GET', path: '/admin/calls/{callId}/applications.csv', handler: 'documents' },
  { method: 'GET', path: '/admin/calls/{callId}/applications.xlsx', handler: 'documents' },
  { method: 'POST', path: '/ballot/{ref}', handler: 'ballot-answer' },
  { method: 'GET', path: '/reviewer/{ref}', handler: 'reviewer-page' },
  { method: 'GET', path: '/reviewer/{ref}/tasks/{applicationId}', handler: 'reviewer-page' },
  { method: 'POST', path: '/reviewer/{ref}/tasks/{applicationId}/declaration', handler: 'reviewer-page' },
  { method: 'POST', path: '/reviewer/{ref}/tasks/{applicationId}/draft', handler: 'reviewer-page' },
  { method: 'POST', path: '/reviewer/{ref}/tasks/{applicationId}/submit', handler: 'reviewer-page' },
  { method: 'POST', path: '/reviewer/{ref}/tasks/{applicationId}/decline', handler: 'reviewer-page' },
];

/** What a `${Name}` of a workflow file stands for: a handler's ARN, or another state machine's ARN. */
export type Substitution = HandlerName | { stateMachine: string };

export interface WorkflowSpec {
  /** ASL (JSONPath) file, relative to the repository root. */
  file: string;
  /** Every `${Name}` in the file, and what replaces it. */
  substitutions: Record<string, Substitution>;
}

export const workflows = {
  intake: {
    file: 'workflows/intake.asl.json',
    substitutions: {
      IntakeLoadFunctionArn: 'intake-load',
      IntakeEligibilityFunctionArn: 'intake-eligibility',
      IntakePriorityFunctionArn: 'intake-priority',
      IntakeStoreFunctionArn: 'intake-store',
      IntakeNotifyFunctionArn: 'intake-notify',
    },
  },
  call: {
    file: 'workflows/call.asl.json',
    substitutions: {
      CallAssignFunctionArn: 'call-assign',
      ReviewInviteFunctionArn: 'review-invite',
      CallRankFunctionArn: 'call-rank',
      ReviewStateMachineArn: { stateMachine: 'review' },
      CallAwaitSlateFunctionArn: 'call-await-slate',
      VoteOpenFunctionArn: 'vote-open',
      BallotRequestFunctionArn: 'ballot-request',
      CallDecideFunctionArn: 'call-decide',
      CallNotifyFunctionArn: 'call-notify',
    },
  },
  milestone: {
    file: 'workflows/milestone.asl.json',
    substitutions: {
      MilestoneLoadFunctionArn: 'milestone-load',
      ReportRequestFunctionArn: 'report-request',
      ReportOverdueFunctionArn: 'report-overdue',
      ReportAwaitReviewFunctionArn: 'report-await-review',
      TrancheReleaseFunctionArn: 'tranche-release',
    },
  },
  review: {
    file: 'workflows/review.asl.json',
    substitutions: {
      ReviewLoadFunctionArn: 'review-load',
      ReviewRequestFunctionArn: 'review-request',
      ReviewReassignFunctionArn: 'review-reassign',
      ReviewFinishFunctionArn: 'review-finish',
    },
  },
} as const satisfies Record<string, WorkflowSpec>;

/** Handlers named by a workflow's substitutions (state machine substitutions left out). */
export const substitutedHandlers = (spec: WorkflowSpec): HandlerName[] =>
  [...new Set(Object.values(spec.substitutions).filter((v): v is HandlerName => typeof v === 'string'))];

export type WorkflowName = keyof typeof workflows;

/**
 * Environment variables by capability. The CDK stack sets them from the
 * resources it creates; the local runtime sets them to the emulators.
 */
export const ENV = {
  table: 'TABLE_NAME',
  bucket: 'BUCKET_NAME',
  intakeStateMachine: 'INTAKE_STATE_MACHINE_ARN',
  callStateMachine: 'CALL_STATE_MACHINE_ARN',
  milestoneStateMachine: 'MILESTONE_STATE_MACHINE_ARN',
  schedulerRole: 'SCHEDULER_ROLE_ARN',
  scheduleGroup: 'SCHEDULE_GROUP',
  mailFrom: 'MAIL_FROM',
  /** Where the system writes to the secretariat (e.g. projects left without quorum). */
  secretariatEmail: 'SECRETARIAT_EMAIL',
  mailTransport: 'MAIL_TRANSPORT',
  smtpUrl: 'SMTP_URL',
  publicBaseUrl: 'PUBLIC_BASE_URL',
  adminTokenSha256: 'ADMIN_TOKEN_SHA256',
  /** Named secretariat members: JSON { sha256(token): email }. */
  adminTokens: 'ADMIN_TOKENS',
  /**
   * On AWS, instead of the tokens: the secretariat's Cognito user pool, its
   * dashboard client, the managed login's base URL and the pool's region.
   * All four set means Cognito mode (see shared/http/auth.ts); never locally.
   */
  cognitoUserPoolId: 'COGNITO_USER_POOL_ID',
  cognitoClientId: 'COGNITO_CLIENT_ID',
  cognitoDomain: 'COGNITO_DOMAIN_URL',
  cognitoRegion: 'COGNITO_REGION',
} as const;
