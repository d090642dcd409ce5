// The fund's controlled vocabulary (DOMAIN.md). Every list here is a closed
// enum in the API: an unknown value is a 400, not a silent "other".

export const ACTION_LINES = ['protection', 'legal-assistance', 'empowerment-prevention'] as const;
export type ActionLine = (typeof ACTION_LINES)[number];

export const FORMS_OF_EXPLOITATION = [
  'sexual-exploitation',
  'forced-labour',
  'domestic-servitude',
  'forced-begging',
  'forced-marriage',
  'forced-criminality',
  'organ-removal',
  'child-soldiering',
  'other',
] as const;
export type FormOfExploitation = (typeof FORMS_OF_EXPLOITATION)[number];

/** Services a grantee reports giving (DOMAIN.md step 10). */
export const SERVICES = [
  'shelter',
  'medical',
  'psychosocial',
  'legal',
  'education',
  'vocational-training',
  'employment',
  'family-reunification',
] as const;
export type Service = (typeof SERVICES)[number];

/** The groups beneficiaries are counted in. */
export const BENEFICIARY_GROUPS = ['women', 'men', 'girls', 'boys'] as const;
export type BeneficiaryGroup = (typeof BENEFICIARY_GROUPS)[number];

/** The priority contexts the fund's calls can name (third cycle onwards). */
export const PRIORITY_CONTEXTS = ['armed-conflict', 'refugee-flows'] as const;
export type PriorityContext = (typeof PRIORITY_CONTEXTS)[number];

export const ORGANISATION_TYPES = [
  'ngo',
  'community-based-organisation',
  'faith-based-organisation',
  'government-agency',
  'private-company',
  'academic-institution',
  'international-organisation',
] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];

/** Civil-society types the fund can grant to (the "non-governmental organisation" rule). */
export const NGO_TYPES: readonly OrganisationType[] = [
  'ngo',
  'community-based-organisation',
  'faith-based-organisation',
];

export const BUDGET_CATEGORIES = [
  'direct-assistance',
  'staff',
  'equipment',
  'travel',
  'training',
  'operational',
  'other',
] as const;
export type BudgetCategory = (typeof BUDGET_CATEGORIES)[number];

/** Budget lines in this category are the operational (indirect) costs capped by the call. */
export const OPERATIONAL_CATEGORY: BudgetCategory = 'operational';

export const DOCUMENT_KINDS = [
  'registration-certificate',
  'narrative-proposal',
  'budget-sheet',
  'financial-statement',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_KIND_LABELS: Record<DocumentKind, string> = {
  'registration-certificate': 'Legal registration certificate',
  'narrative-proposal': 'Narrative proposal',
  'budget-sheet': 'Budget sheet',
  'financial-statement': 'Latest audited accounts or financial statement',
};

/** Accepted upload types; each is recognised by its first bytes after upload. */
export const DOCUMENT_CONTENT_TYPES = [
  'application/pdf',
  'image/jpeg',
  'image/png',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
] as const;
export type DocumentContentType = (typeof DOCUMENT_CONTENT_TYPES)[number];

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

export const LANGUAGES = ['en', 'fr', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

export const APPLICATION_STATUSES = ['draft', 'submitted', 'eligible', 'ineligible', 'in-review', 'reviewed', 'approved', 'not-funded', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** Every uploaded document's key starts with this prefix; IAM grants are scoped to it. */
export const DOCUMENT_KEY_PREFIX = 'applications/';
