// What applicants and grantees read on the web pages, in English, French or
// Spanish: the open calls, the application form (its labels by field path,
// its options, its buttons, the messages of its script), the status page and
// the grantee's report page. Emails have their own texts
// (shared/email/applicant-i18n.ts); what both say (document names, the
// eligibility reasons) is taken from there, not written twice.
//
// Decisions:
// - Every table is `Record<Language, …>`: a missing translation is a type error.
// - English labels of the form stay the API schema's own titles and help texts
//   (`formSchema`, the single source for API clients); French and Spanish are
//   written here by field path (`budget.lines[].amountUsd`).
// - Country names come from the runtime's CLDR data (`Intl.DisplayNames`),
//   with the ISO code next to them; English keeps shared/domain/countries.ts.
// - Amounts stay in the fund's one format, `US$60,000`, in every language (as
//   in the emails): a grant is in US dollars, whatever the page's language.
// - The API's error details are English rule fragments ("must be at least 20
//   characters"); the page's scripts turn the known ones into the page's
//   language with the patterns below, and show any other as it came.
import { COUNTRIES } from './domain/countries.ts';
import {
  LANGUAGES,
  type ActionLine,
  type BeneficiaryGroup,
  type BudgetCategory,
  type DocumentKind,
  type FormOfExploitation,
  type Language,
  type OrganisationType,
  type PriorityContext,
  type Service,
} from './domain/vocabulary.ts';
import { DOCUMENT_LABELS } from './email/applicant-i18n.ts';

export { DOCUMENT_LABELS };
export type { Language };

export const isLanguage = (value: unknown): value is Language => (LANGUAGES as readonly unknown[]).includes(value);

/**
 * The best of en/fr/es in an Accept-Language header ("es-MX,es;q=0.9,en;q=0.8"):
 * the highest q, the first listed among equals; a region ("es-MX") matches its
 * language. Undefined when none is acceptable.
 */
export function acceptedLanguage(header: string | undefined): Language | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { language: tag.trim().toLowerCase().split('-')[0], q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.q > 0 && isLanguage(entry.language))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.language as Language | undefined;
}

/** The page's language: `?lang=` when it names one of ours, else the browser's best match, else English. */
export const pageLanguage = (query: string | undefined, acceptLanguageHeader: string | undefined): Language =>
  isLanguage(query) ? query : (acceptedLanguage(acceptLanguageHeader) ?? 'en');

/** Each language in its own name (the switcher, the form's language choice). */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', fr: 'Français', es: 'Español' };

/** Locales for dates written out. */
export const DATE_LOCALES: Record<Language, string> = { en: 'en-GB', fr: 'fr-FR', es: 'es-ES' };

// ——— The layout (shared/http/html.ts `page()`) ———

export const CHROME: Record<
  Language,
  { site: string; skip: string; brand: string; footer: string; languages: string; notFound: string; notFoundText: string; seeCalls: string }
> = {
  en: {
    site: 'Trust Fund grants',
    skip: 'Skip to content',
    brand: 'Trust Fund for Victims of Trafficking · Grants',
    footer: 'Do not include personal data about the victims you assist: describe your work, not the people.',
    languages: 'Language',
    notFound: 'Not found',
    notFoundText: 'This page does not exist.',
    seeCalls: 'See the open calls',
  },
  fr: {
    site: 'Subventions du Fonds',
    skip: 'Aller au contenu',
    brand: 'Fonds pour les victimes de la traite des êtres humains · Subventions',
    footer: "N'indiquez aucune donnée personnelle sur les victimes que vous aidez : décrivez votre travail, pas les personnes.",
    languages: 'Langue',
    notFound: 'Page introuvable',
    notFoundText: "Cette page n'existe pas.",
    seeCalls: 'Voir les appels ouverts',
  },
  es: {
    site: 'Subvenciones del Fondo',
    skip: 'Ir al contenido',
    brand: 'Fondo para las Víctimas de la Trata de Personas · Subvenciones',
    footer: 'No incluya datos personales de las víctimas que asiste: describa su trabajo, no a las personas.',
    languages: 'Idioma',
    notFound: 'Página no encontrada',
    notFoundText: 'Esta página no existe.',
    seeCalls: 'Ver las convocatorias abiertas',
  },
};

// ——— The fund's vocabulary ———

export interface Vocabulary {
  actionLines: Record<ActionLine, string>;
  formsOfExploitation: Record<FormOfExploitation, string>;
  contexts: Record<PriorityContext, string>;
  organisationTypes: Record<OrganisationType, string>;
  budgetCategories: Record<BudgetCategory, string>;
  beneficiaryGroups: Record<BeneficiaryGroup, string>;
  services: Record<Service, string>;
}

export const VOCABULARY: Record<Language, Vocabulary> = {
  en: {
    actionLines: { protection: 'Protection', 'legal-assistance': 'Legal assistance', 'empowerment-prevention': 'Empowerment and prevention' },
    formsOfExploitation: {
      'sexual-exploitation': 'Sexual exploitation',
      'forced-labour': 'Forced labour',
      'domestic-servitude': 'Domestic servitude',
      'forced-begging': 'Forced begging',
      'forced-marriage': 'Forced marriage',
      'forced-criminality': 'Forced criminality',
      'organ-removal': 'Removal of organs',
      'child-soldiering': 'Child soldiering',
      other: 'Other',
    },
    contexts: { 'armed-conflict': 'Armed conflict', 'refugee-flows': 'Refugee and migration flows' },
    organisationTypes: {
      ngo: 'Non-governmental organisation (NGO)',
      'community-based-organisation': 'Community-based organisation',
      'faith-based-organisation': 'Faith-based organisation',
      'government-agency': 'Government agency',
      'private-company': 'Private company',
      'academic-institution': 'Academic institution',
      'international-organisation': 'International organisation',
    },
    budgetCategories: {
      'direct-assistance': 'Direct assistance',
      staff: 'Staff',
      equipment: 'Equipment',
      travel: 'Travel',
      training: 'Training',
      operational: 'Operational (indirect) costs',
      other: 'Other',
    },
    beneficiaryGroups: { women: 'Women', men: 'Men', girls: 'Girls', boys: 'Boys' },
    services: {
      shelter: 'Shelter',
      medical: 'Medical',
      psychosocial: 'Psychosocial',
      legal: 'Legal',
      education: 'Education',
      'vocational-training': 'Vocational training',
      employment: 'Employment',
      'family-reunification': 'Family reunification',
    },
  },
  fr: {
    actionLines: { protection: 'Protection', 'legal-assistance': 'Assistance juridique', 'empowerment-prevention': 'Autonomisation et prévention' },
    formsOfExploitation: {
      'sexual-exploitation': 'Exploitation sexuelle',
      'forced-labour': 'Travail forcé',
      'domestic-servitude': 'Servitude domestique',
      'forced-begging': 'Mendicité forcée',
      'forced-marriage': 'Mariage forcé',
      'forced-criminality': 'Criminalité forcée',
      'organ-removal': "Prélèvement d'organes",
      'child-soldiering': 'Enfants soldats',
      other: 'Autre',
    },
    contexts: { 'armed-conflict': 'Conflit armé', 'refugee-flows': 'Flux de réfugiés et de migrants' },
    organisationTypes: {
      ngo: 'Organisation non gouvernementale (ONG)',
      'community-based-organisation': 'Organisation communautaire',
      'faith-based-organisation': 'Organisation confessionnelle',
      'government-agency': 'Organisme public',
      'private-company': 'Entreprise privée',
      'academic-institution': 'Établissement universitaire',
      'international-organisation': 'Organisation internationale',
    },
    budgetCategories: {
      'direct-assistance': 'Assistance directe',
      staff: 'Personnel',
      equipment: 'Équipement',
      travel: 'Déplacements',
      training: 'Formation',
      operational: 'Coûts de fonctionnement (indirects)',
      other: 'Autre',
    },
    beneficiaryGroups: { women: 'Femmes', men: 'Hommes', girls: 'Filles', boys: 'Garçons' },
    services: {
      shelter: 'Hébergement',
      medical: 'Soins médicaux',
      psychosocial: 'Soutien psychosocial',
      legal: 'Aide juridique',
      education: 'Éducation',
      'vocational-training': 'Formation professionnelle',
      employment: 'Emploi',
      'family-reunification': 'Regroupement familial',
    },
  },
  es: {
    actionLines: { protection: 'Protección', 'legal-assistance': 'Asistencia jurídica', 'empowerment-prevention': 'Empoderamiento y prevención' },
    formsOfExploitation: {
      'sexual-exploitation': 'Explotación sexual',
      'forced-labour': 'Trabajo forzoso',
      'domestic-servitude': 'Servidumbre doméstica',
      'forced-begging': 'Mendicidad forzada',
      'forced-marriage': 'Matrimonio forzado',
      'forced-criminality': 'Criminalidad forzada',
      'organ-removal': 'Extracción de órganos',
      'child-soldiering': 'Niños soldados',
      other: 'Otra',
    },
    contexts: { 'armed-conflict': 'Conflicto armado', 'refugee-flows': 'Flujos de refugiados y migrantes' },
    organisationTypes: {
      ngo: 'Organización no gubernamental (ONG)',
      'community-based-organisation': 'Organización comunitaria',
      'faith-based-organisation': 'Organización religiosa',
      'government-agency': 'Organismo público',
      'private-company': 'Empresa privada',
      'academic-institution': 'Institución académica',
      'international-organisation': 'Organización internacional',
    },
    budgetCategories: {
      'direct-assistance': 'Asistencia directa',
      staff: 'Personal',
      equipment: 'Equipamiento',
      travel: 'Viajes',
      training: 'Capacitación',
      operational: 'Costos operativos (indirectos)',
      other: 'Otros',
    },
    beneficiaryGroups: { women: 'Mujeres', men: 'Hombres', girls: 'Niñas', boys: 'Niños' },
    services: {
      shelter: 'Alojamiento',
      medical: 'Atención médica',
      psychosocial: 'Apoyo psicosocial',
      legal: 'Asistencia jurídica',
      education: 'Educación',
      'vocational-training': 'Formación profesional',
      employment: 'Empleo',
      'family-reunification': 'Reunificación familiar',
    },
  },
};

/** Which vocabulary the options of a form field come from (paths with `[]` for rows). */
export const OPTIONS_OF: Record<string, keyof Vocabulary | 'languages'> = {
  language: 'languages',
  'organisation.type': 'organisationTypes',
  'project.actionLines': 'actionLines',
  'project.formsOfExploitation': 'formsOfExploitation',
  'project.contexts[].context': 'contexts',
  'budget.lines[].category': 'budgetCategories',
};

export function optionLabel(language: Language, path: string, value: string): string | undefined {
  const from = OPTIONS_OF[path];
  if (!from) return undefined;
  if (from === 'languages') return isLanguage(value) ? LANGUAGE_NAMES[value] : undefined;
  return (VOCABULARY[language][from] as Record<string, string>)[value];
}

// ——— Countries ———

const ENGLISH_COUNTRY_NAMES = new Map(COUNTRIES.map((c) => [c.code, c.name]));
const countryOptions = new Map<Language, { code: string; name: string }[]>();

/** Countries sorted by their name in the language (CLDR names from the runtime; English from countries.ts). */
export function countriesIn(language: Language): { code: string; name: string }[] {
  let list = countryOptions.get(language);
  if (!list) {
    const names = language === 'en' ? undefined : new Intl.DisplayNames([language], { type: 'region', fallback: 'none' });
    list = COUNTRIES.map((c) => ({ code: c.code, name: (names?.of(c.code) ?? undefined) || ENGLISH_COUNTRY_NAMES.get(c.code)! }));
    list.sort((a, b) => a.name.localeCompare(b.name, language));
    countryOptions.set(language, list);
  }
  return list;
}

// ——— The open calls and the call's facts ———

export const CALLS_TEXT = {
  en: {
    title: 'Open calls for proposals',
    intro:
      'The Trust Fund gives grants to non-governmental organisations that assist victims of trafficking in persons. Projects reaching victims of armed conflict and of refugee and migration flows come first.',
    none: 'No call is open at the moment. Please come back later.',
    apply: (title: string) => `Apply to “${title}”`,
    budget: 'Call budget',
    grantSize: 'Grant size',
    range: (min: string, max: string) => `${min} to ${max}`,
    upTo: (max: string) => `up to ${max}`,
    duration: 'Duration',
    atMostMonths: (n: number) => `at most ${n} months`,
    closes: 'Closes',
  },
  fr: {
    title: 'Appels à propositions ouverts',
    intro:
      "Le Fonds accorde des subventions aux organisations non gouvernementales qui viennent en aide aux victimes de la traite des êtres humains. Les projets qui atteignent les victimes de conflits armés et des flux de réfugiés et de migrants sont prioritaires.",
    none: "Aucun appel n'est ouvert pour le moment. Merci de revenir plus tard.",
    apply: (title: string) => `Postuler à l'appel « ${title} »`,
    budget: "Budget de l'appel",
    grantSize: 'Montant de la subvention',
    range: (min: string, max: string) => `de ${min} à ${max}`,
    upTo: (max: string) => `jusqu'à ${max}`,
    duration: 'Durée',
    atMostMonths: (n: number) => `${n} mois au maximum`,
    closes: 'Clôture',
  },
  es: {
    title: 'Convocatorias abiertas',
    intro:
      'El Fondo otorga subvenciones a organizaciones no gubernamentales que asisten a víctimas de la trata de personas. Tienen prioridad los proyectos que llegan a víctimas de conflictos armados y de flujos de refugiados y migrantes.',
    none: 'No hay ninguna convocatoria abierta en este momento. Vuelva más adelante.',
    apply: (title: string) => `Postular a la convocatoria “${title}”`,
    budget: 'Presupuesto de la convocatoria',
    grantSize: 'Monto de la subvención',
    range: (min: string, max: string) => `de ${min} a ${max}`,
    upTo: (max: string) => `hasta ${max}`,
    duration: 'Duración',
    atMostMonths: (n: number) => `${n} meses como máximo`,
    closes: 'Cierre',
  },
} satisfies Record<Language, unknown>;

// ——— The application form ———

/** Every field of the form by path (`[]` for a row of a repeatable group): a missing one is a type error. */
export type FieldPath =
  | 'language'
  | 'organisation'
  | 'organisation.name'
  | 'organisation.registrationNumber'
  | 'organisation.registrationCountry'
  | 'organisation.type'
  | 'organisation.legallyRegistered'
  | 'organisation.yearsAssistingVictims'
  | 'organisation.website'
  | 'organisation.contact'
  | 'organisation.contact.name'
  | 'organisation.contact.email'
  | 'organisation.contact.phone'
  | 'project'
  | 'project.title'
  | 'project.summary'
  | 'project.countries'
  | 'project.actionLines'
  | 'project.formsOfExploitation'
  | 'project.directAssistance'
  | 'project.targetBeneficiaries'
  | 'project.targetBeneficiaries.women'
  | 'project.targetBeneficiaries.men'
  | 'project.targetBeneficiaries.girls'
  | 'project.targetBeneficiaries.boys'
  | 'project.contexts'
  | 'project.contexts[].context'
  | 'project.contexts[].justification'
  | 'project.startDate'
  | 'project.durationMonths'
  | 'budget'
  | 'budget.requestedUsd'
  | 'budget.lines'
  | 'budget.lines[].category'
  | 'budget.lines[].description'
  | 'budget.lines[].amountUsd';

export interface FieldText {
  label: string;
  help?: string;
}

/** French and Spanish labels and help texts of the form; English ones are the schema's. */
export const FIELD_TEXT: Record<Exclude<Language, 'en'>, Record<FieldPath, FieldText>> = {
  fr: {
    language: { label: 'Langue', help: 'La langue des courriels que le Fonds vous envoie et de vos pages.' },
    organisation: { label: 'Organisation' },
    'organisation.name': { label: "Nom de l'organisation" },
    'organisation.registrationNumber': { label: "Numéro d'enregistrement légal", help: "Tel qu'il figure sur votre certificat d'enregistrement." },
    'organisation.registrationCountry': { label: "Pays d'enregistrement", help: 'Le pays où votre organisation est légalement enregistrée.' },
    'organisation.type': { label: "Type d'organisation" },
    'organisation.legallyRegistered': {
      label: "L'organisation est légalement enregistrée",
      help: "Le Fonds n'accorde de subventions qu'aux organisations non gouvernementales légalement enregistrées.",
    },
    'organisation.yearsAssistingVictims': { label: "Années d'assistance aux victimes de la traite" },
    'organisation.website': { label: 'Site web' },
    'organisation.contact': { label: 'Contact' },
    'organisation.contact.name': { label: 'Personne de contact' },
    'organisation.contact.email': { label: 'Adresse électronique du contact', help: "Votre lien d'accès et toutes les décisions sont envoyés à cette adresse." },
    'organisation.contact.phone': { label: 'Téléphone du contact' },
    project: { label: 'Projet' },
    'project.title': { label: 'Titre du projet' },
    'project.summary': {
      label: 'Résumé',
      help: "Ce que le projet fait pour les victimes, où et comment. Ne nommez ni ne décrivez aucune victime en particulier.",
    },
    'project.countries': { label: 'Pays de mise en œuvre' },
    'project.actionLines': { label: "Axes d'action" },
    'project.formsOfExploitation': { label: "Formes d'exploitation traitées" },
    'project.directAssistance': {
      label: 'Le projet apporte une assistance directe aux victimes de la traite',
      help: 'Hébergement, aide médicale, psychosociale, juridique ou à la réinsertion, apportée aux victimes elles-mêmes.',
    },
    'project.targetBeneficiaries': { label: 'Bénéficiaires visés', help: "Nombre prévu de femmes, d'hommes, de filles et de garçons aidés." },
    'project.targetBeneficiaries.women': { label: 'Femmes' },
    'project.targetBeneficiaries.men': { label: 'Hommes' },
    'project.targetBeneficiaries.girls': { label: 'Filles' },
    'project.targetBeneficiaries.boys': { label: 'Garçons' },
    'project.contexts': {
      label: 'Contextes prioritaires',
      help: 'Victimes sortant de conflits armés, ou identifiées parmi les flux de réfugiés et de migrants : expliquez comment le projet les atteint.',
    },
    'project.contexts[].context': { label: 'Contexte' },
    'project.contexts[].justification': { label: 'Justification' },
    'project.startDate': { label: 'Date de début' },
    'project.durationMonths': { label: 'Durée (en mois)' },
    budget: { label: 'Budget' },
    'budget.requestedUsd': { label: 'Montant demandé (US$)' },
    'budget.lines': {
      label: 'Lignes budgétaires',
      help: "Leur total doit être égal au montant demandé ; les coûts de fonctionnement (indirects) sont plafonnés par l'appel.",
    },
    'budget.lines[].category': { label: 'Catégorie' },
    'budget.lines[].description': { label: 'Description' },
    'budget.lines[].amountUsd': { label: 'Montant (US$)' },
  },
  es: {
    language: { label: 'Idioma', help: 'El idioma de los correos que le envía el Fondo y de sus páginas.' },
    organisation: { label: 'Organización' },
    'organisation.name': { label: 'Nombre de la organización' },
    'organisation.registrationNumber': { label: 'Número de registro legal', help: 'Tal como figura en su certificado de registro.' },
    'organisation.registrationCountry': { label: 'País de registro', help: 'El país donde su organización está legalmente registrada.' },
    'organisation.type': { label: 'Tipo de organización' },
    'organisation.legallyRegistered': {
      label: 'La organización está legalmente registrada',
      help: 'El Fondo solo otorga subvenciones a organizaciones no gubernamentales legalmente registradas.',
    },
    'organisation.yearsAssistingVictims': { label: 'Años de asistencia a víctimas de trata' },
    'organisation.website': { label: 'Sitio web' },
    'organisation.contact': { label: 'Contacto' },
    'organisation.contact.name': { label: 'Persona de contacto' },
    'organisation.contact.email': { label: 'Correo electrónico de contacto', help: 'Aquí se envían su enlace de acceso y todas las decisiones.' },
    'organisation.contact.phone': { label: 'Teléfono de contacto' },
    project: { label: 'Proyecto' },
    'project.title': { label: 'Título del proyecto' },
    'project.summary': {
      label: 'Resumen',
      help: 'Qué hace el proyecto por las víctimas, dónde y cómo. No nombre ni describa a ninguna víctima en particular.',
    },
    'project.countries': { label: 'Países de ejecución' },
    'project.actionLines': { label: 'Líneas de acción' },
    'project.formsOfExploitation': { label: 'Formas de explotación que aborda' },
    'project.directAssistance': {
      label: 'El proyecto brinda asistencia directa a víctimas de trata',
      help: 'Alojamiento, ayuda médica, psicosocial, jurídica o de reintegración brindada a las propias víctimas.',
    },
    'project.targetBeneficiaries': { label: 'Beneficiarios previstos', help: 'Número previsto de mujeres, hombres, niñas y niños asistidos.' },
    'project.targetBeneficiaries.women': { label: 'Mujeres' },
    'project.targetBeneficiaries.men': { label: 'Hombres' },
    'project.targetBeneficiaries.girls': { label: 'Niñas' },
    'project.targetBeneficiaries.boys': { label: 'Niños' },
    'project.contexts': {
      label: 'Contextos prioritarios',
      help: 'Víctimas que salen de conflictos armados, o identificadas en flujos de refugiados y migrantes: explique cómo llega el proyecto a ellas.',
    },
    'project.contexts[].context': { label: 'Contexto' },
    'project.contexts[].justification': { label: 'Justificación' },
    'project.startDate': { label: 'Fecha de inicio' },
    'project.durationMonths': { label: 'Duración (meses)' },
    budget: { label: 'Presupuesto' },
    'budget.requestedUsd': { label: 'Monto solicitado (US$)' },
    'budget.lines': {
      label: 'Líneas del presupuesto',
      help: 'Deben sumar el monto solicitado; los costos operativos (indirectos) tienen el tope que fija la convocatoria.',
    },
    'budget.lines[].category': { label: 'Categoría' },
    'budget.lines[].description': { label: 'Descripción' },
    'budget.lines[].amountUsd': { label: 'Monto (US$)' },
  },
};

/** A path of the body as a path of the table: `budget.lines[2].amountUsd` → `budget.lines[].amountUsd`. */
export const fieldPathOf = (path: string) => path.replace(/\[(\d+|__INDEX__)\]/g, '[]');

/** Repeatable groups: what one row is called, the button that adds one, the row in "Remove …". */
type RepeatText = { item: string; add: string; row: string };

export const FORM_TEXT = {
  en: {
    optional: '(optional)',
    atLeastOne: '(choose at least one)',
    choose: 'Choose…',
    remove: 'Remove',
    repeat: {
      'budget.lines': { item: 'Budget line', add: 'Add a budget line', row: 'budget line' },
      'project.contexts': { item: 'Priority context', add: 'Add a priority context', row: 'priority context' },
      'project.countries': { item: 'Country', add: 'Add a country', row: 'country' },
      other: { item: 'Item', add: 'Add an item', row: 'item' },
    },
    applyTitle: (call: string) => `Apply: ${call}`,
    notOpen: 'This call is not open for applications.',
    seeCalls: 'See the open calls',
    rules: (percent: number) =>
      `Operational (indirect) costs may be at most ${percent}% of the amount requested. Every field is required unless it says “optional”.`,
    noscript:
      'This form needs JavaScript: it sends your documents straight to secure storage. Please turn JavaScript on, or write to the secretariat.',
    documents: 'Documents',
    documentsHelp: 'One file for each document. They are checked when you submit.',
    confirmationCode: 'Confirmation code',
    confirmationCodeHelp: 'In the first email we sent to your contact address (like ABCD-EF23). It shows the address is yours; we write nothing else to it until then.',
    fileHelp: (types: string, mb: number) => `${types} file, at most ${mb} MB.`,
    or: 'or',
    submit: 'Submit the application',
  },
  fr: {
    optional: '(facultatif)',
    atLeastOne: '(au moins un choix)',
    choose: 'Choisir…',
    remove: 'Supprimer',
    repeat: {
      'budget.lines': { item: 'Ligne budgétaire', add: 'Ajouter une ligne budgétaire', row: 'la ligne budgétaire' },
      'project.contexts': { item: 'Contexte prioritaire', add: 'Ajouter un contexte prioritaire', row: 'le contexte prioritaire' },
      'project.countries': { item: 'Pays', add: 'Ajouter un pays', row: 'le pays' },
      other: { item: 'Élément', add: 'Ajouter un élément', row: "l'élément" },
    },
    applyTitle: (call: string) => `Candidature : ${call}`,
    notOpen: "Cet appel n'est pas ouvert aux candidatures.",
    seeCalls: 'Voir les appels ouverts',
    rules: (percent: number) =>
      `Les coûts de fonctionnement (indirects) ne peuvent dépasser ${percent} % du montant demandé. Tous les champs sont obligatoires, sauf ceux marqués « facultatif ».`,
    noscript:
      "Ce formulaire a besoin de JavaScript : il envoie vos documents directement vers un stockage sécurisé. Merci d'activer JavaScript, ou d'écrire au secrétariat.",
    documents: 'Documents',
    documentsHelp: 'Un fichier par document. Ils sont vérifiés lors de la soumission.',
    confirmationCode: 'Code de confirmation',
    confirmationCodeHelp: "Dans le premier courriel envoyé à votre adresse de contact (par exemple ABCD-EF23). Il montre que l'adresse est la vôtre ; d'ici là, nous n'y écrivons rien d'autre.",
    fileHelp: (types: string, mb: number) => `Fichier ${types}, ${mb} Mo au maximum.`,
    or: 'ou',
    submit: 'Soumettre la candidature',
  },
  es: {
    optional: '(opcional)',
    atLeastOne: '(elija al menos una opción)',
    choose: 'Elegir…',
    remove: 'Quitar',
    repeat: {
      'budget.lines': { item: 'Línea del presupuesto', add: 'Añadir una línea del presupuesto', row: 'la línea del presupuesto' },
      'project.contexts': { item: 'Contexto prioritario', add: 'Añadir un contexto prioritario', row: 'el contexto prioritario' },
      'project.countries': { item: 'País', add: 'Añadir un país', row: 'el país' },
      other: { item: 'Elemento', add: 'Añadir un elemento', row: 'el elemento' },
    },
    applyTitle: (call: string) => `Solicitud: ${call}`,
    notOpen: 'Esta convocatoria no está abierta a solicitudes.',
    seeCalls: 'Ver las convocatorias abiertas',
    rules: (percent: number) =>
      `Los costos operativos (indirectos) pueden ser como máximo el ${percent} % del monto solicitado. Todos los campos son obligatorios salvo los marcados como “opcional”.`,
    noscript:
      'Este formulario necesita JavaScript: envía sus documentos directamente a un almacenamiento seguro. Active JavaScript o escriba a la secretaría.',
    documents: 'Documentos',
    documentsHelp: 'Un archivo por documento. Se verifican al enviar la solicitud.',
    confirmationCode: 'Código de confirmación',
    confirmationCodeHelp: 'En el primer correo que enviamos a su dirección de contacto (por ejemplo ABCD-EF23). Muestra que la dirección es suya; hasta entonces no le escribimos nada más.',
    fileHelp: (types: string, mb: number) => `Archivo ${types}, de ${mb} MB como máximo.`,
    or: 'o',
    submit: 'Enviar la solicitud',
  },
} satisfies Record<Language, { repeat: Record<string, RepeatText> } & Record<string, unknown>>;

export const repeatText = (language: Language, path: string): RepeatText =>
  (FORM_TEXT[language].repeat as Record<string, RepeatText>)[path] ?? FORM_TEXT[language].repeat.other;

// ——— The API's error details, in the page's language ———

/**
 * English rule fragments of the API (shared/http/zod-issues.ts, the
 * applications and reports handlers) and their translation; `$1`… are the
 * pattern's groups. The scripts try them in order on each message.
 */
export const MESSAGE_PATTERNS: Record<Language, [pattern: string, replacement: string][]> = {
  en: [],
  fr: [
    ['^is required$', 'champ obligatoire'],
    ['^is required: it is in the first email sent to the contact address$', "à saisir : il figure dans le premier courriel envoyé à l'adresse de contact"],
    ['^does not match the code in the first email sent to the contact address$', "ne correspond pas au code du premier courriel envoyé à l'adresse de contact"],
    ['^must be an integer$', 'doit être un nombre entier'],
    ['^must be a number$', 'doit être un nombre'],
    ['^must be a string$', 'doit être un texte'],
    ['^must be a boolean$', 'doit être coché ou non'],
    ['^must be at least 1 character$', 'doit comporter au moins 1 caractère'],
    ['^must be at least (\\d+) characters$', 'doit comporter au moins $1 caractères'],
    ['^must be at most 1 character$', 'doit comporter au plus 1 caractère'],
    ['^must be at most (\\d+) characters$', 'doit comporter au plus $1 caractères'],
    ['^must have at least 1 item$', 'doit contenir au moins 1 élément'],
    ['^must have at least (\\d+) items$', 'doit contenir au moins $1 éléments'],
    ['^must have at most 1 item$', 'doit contenir au plus 1 élément'],
    ['^must have at most (\\d+) items$', 'doit contenir au plus $1 éléments'],
    ['^must be at least (-?[\\d.]+)$', 'doit être au moins égal à $1'],
    ['^must be greater than (-?[\\d.]+)$', 'doit être supérieur à $1'],
    ['^must be at most (-?[\\d.]+)$', 'doit être au plus égal à $1'],
    ['^must be less than (-?[\\d.]+)$', 'doit être inférieur à $1'],
    ['^must be a date \\(YYYY-MM-DD\\)$', 'doit être une date (AAAA-MM-JJ)'],
    ['^must be an email address$', 'doit être une adresse électronique'],
    ['^must be an http\\(s\\) URL$', 'doit être une adresse web en http(s)'],
    ['^must be an ISO 3166-1 alpha-2 country code \\(e\\.g\\. (.*)\\)$', 'doit être un code de pays ISO 3166-1 alpha-2 (par exemple $1)'],
    ['^must be one of: (.*)$', "doit être l'une de ces valeurs : $1"],
    ['^must have at most two decimals \\(cents\\)$', 'doit avoir au plus deux décimales (centimes)'],
    ['^must not repeat a country$', 'ne doit pas citer deux fois le même pays'],
    ['^must not repeat a action line$', "ne doit pas citer deux fois le même axe d'action"],
    ['^must not repeat a form of exploitation$', "ne doit pas citer deux fois la même forme d'exploitation"],
    ['^is not an accepted field$', "n'est pas un champ accepté"],
    ['^is not valid$', "n'est pas valide"],
    ['^does not match any accepted shape$', 'ne correspond à aucune forme acceptée'],
    ['^already has an application in this call$', 'a déjà une candidature dans cet appel'],
    ['^.* is not uploaded$', "n'a pas été téléversé"],
    ['^(?:.*: )?the file is empty\\.$', 'le fichier est vide'],
    ['^(?:.*: )?the file is larger than (\\d+) MiB\\.$', 'le fichier dépasse $1 Mo'],
    ['^(?:.*: )?the file is not a valid (.+) file\\.$', "le fichier n'est pas un fichier $1 valide"],
    ['^must equal women \\+ men \\+ girls \\+ boys \\((\\d+)\\)$', 'doit être égal à femmes + hommes + filles + garçons ($1)'],
    [
      '^must add up to figures\\.beneficiaries\\.total \\((\\d+)\\), not (\\d+): .*$',
      "doit totaliser figures.beneficiaries.total ($1), et non $2 : comptez chaque personne une seule fois, selon sa principale forme d'exploitation",
    ],
    ['^must not exceed figures\\.beneficiaries\\.total \\((\\d+)\\)$', 'ne doit pas dépasser figures.beneficiaries.total ($1)'],
    ['^the financial statement is not uploaded$', "l'état financier n'a pas été téléversé"],
  ],
  es: [
    ['^is required: it is in the first email sent to the contact address$', 'obligatorio: está en el primer correo enviado a la dirección de contacto'],
    ['^does not match the code in the first email sent to the contact address$', 'no coincide con el código del primer correo enviado a la dirección de contacto'],
    ['^is required$', 'campo obligatorio'],
    ['^must be an integer$', 'debe ser un número entero'],
    ['^must be a number$', 'debe ser un número'],
    ['^must be a string$', 'debe ser un texto'],
    ['^must be a boolean$', 'debe marcarse o no'],
    ['^must be at least 1 character$', 'debe tener al menos 1 carácter'],
    ['^must be at least (\\d+) characters$', 'debe tener al menos $1 caracteres'],
    ['^must be at most 1 character$', 'debe tener como máximo 1 carácter'],
    ['^must be at most (\\d+) characters$', 'debe tener como máximo $1 caracteres'],
    ['^must have at least 1 item$', 'debe tener al menos 1 elemento'],
    ['^must have at least (\\d+) items$', 'debe tener al menos $1 elementos'],
    ['^must have at most 1 item$', 'debe tener como máximo 1 elemento'],
    ['^must have at most (\\d+) items$', 'debe tener como máximo $1 elementos'],
    ['^must be at least (-?[\\d.]+)$', 'debe ser como mínimo $1'],
    ['^must be greater than (-?[\\d.]+)$', 'debe ser mayor que $1'],
    ['^must be at most (-?[\\d.]+)$', 'debe ser como máximo $1'],
    ['^must be less than (-?[\\d.]+)$', 'debe ser menor que $1'],
    ['^must be a date \\(YYYY-MM-DD\\)$', 'debe ser una fecha (AAAA-MM-DD)'],
    ['^must be an email address$', 'debe ser una dirección de correo electrónico'],
    ['^must be an http\\(s\\) URL$', 'debe ser una dirección web http(s)'],
    ['^must be an ISO 3166-1 alpha-2 country code \\(e\\.g\\. (.*)\\)$', 'debe ser un código de país ISO 3166-1 alfa-2 (por ejemplo, $1)'],
    ['^must be one of: (.*)$', 'debe ser uno de estos valores: $1'],
    ['^must have at most two decimals \\(cents\\)$', 'debe tener como máximo dos decimales (centavos)'],
    ['^must not repeat a country$', 'no debe repetir un país'],
    ['^must not repeat a action line$', 'no debe repetir una línea de acción'],
    ['^must not repeat a form of exploitation$', 'no debe repetir una forma de explotación'],
    ['^is not an accepted field$', 'no es un campo aceptado'],
    ['^is not valid$', 'no es válido'],
    ['^does not match any accepted shape$', 'no coincide con ninguna forma aceptada'],
    ['^already has an application in this call$', 'ya tiene una solicitud en esta convocatoria'],
    ['^.* is not uploaded$', 'no se ha subido'],
    ['^(?:.*: )?the file is empty\\.$', 'el archivo está vacío'],
    ['^(?:.*: )?the file is larger than (\\d+) MiB\\.$', 'el archivo supera los $1 MB'],
    ['^(?:.*: )?the file is not a valid (.+) file\\.$', 'el archivo no es un archivo $1 válido'],
    ['^must equal women \\+ men \\+ girls \\+ boys \\((\\d+)\\)$', 'debe ser igual a mujeres + hombres + niñas + niños ($1)'],
    [
      '^must add up to figures\\.beneficiaries\\.total \\((\\d+)\\), not (\\d+): .*$',
      'debe sumar figures.beneficiaries.total ($1), no $2: cuente a cada persona una sola vez, según su principal forma de explotación',
    ],
    ['^must not exceed figures\\.beneficiaries\\.total \\((\\d+)\\)$', 'no debe superar figures.beneficiaries.total ($1)'],
    ['^the financial statement is not uploaded$', 'el estado financiero no se ha subido'],
  ],
};

/** What the form's script says (apply.js reads them from the form's `data-texts`). */
export const APPLY_SCRIPT_TEXT: Record<Language, Record<string, string>> = {
  en: {
    problem: 'There is a problem',
    field: '{label} {message}.',
    summaryField: '{label} {message}',
    rowField: '{row}, {label}',
    serverAnswered: 'The server answered {status}. Please try again.',
    fileMissing: 'is missing: choose a file',
    fileType: 'must be a PDF, Word, Excel, OpenDocument, JPEG or PNG file',
    fileEmpty: 'is an empty file',
    fileTooLarge: 'is larger than {mb} MB',
    locked:
      'Your answers are saved (application {id}) and can no longer be changed. Add the documents below and submit. We have also emailed a link to your application to the contact address.',
    saving: 'Saving your answers…',
    correct: 'Please correct the answers marked below.',
    duplicate: 'This organisation (registration country and number) has already applied to this call.',
    duplicateHint: 'If you started this application earlier, follow the link in the email we sent to the contact address.',
    documentsIncomplete: 'Some documents are missing or invalid.',
    uploading: 'Uploading document {n} of {total} ({file})…',
    draftGone: 'Your saved application could not be found. Please submit the form again.',
    notSent: 'could not be sent',
    uploadFailed: 'A document could not be uploaded. Your answers are saved: please submit again to retry.',
    didNotUpload: 'did not upload{storage}; please submit again to retry',
    storageAnswered: ' (storage answered {status})',
    addDocuments: 'Your answers are saved. Please add the documents marked below, then submit again.',
    submitting: 'Submitting your application…',
    submitted: 'Submitted. Opening your status page…',
    connection: 'The connection failed. Nothing is lost: please submit again.',
    removed: 'Removed. {group}: {n} left.',
    savedAt: 'Saved at {time}',
    notSavedRetrying: 'Not saved: retrying… (what you typed stays here)',
    notSavedFields: 'Saved at {time}, except the answers marked below.',
    startHint: 'Your answers are saved as you go once the organisation name, its registration country and number and the contact email are filled in.',
    resumed: 'Your saved application is back: continue where you left off.',
    step: 'Step {n} of {total}: {name}',
    steps: 'Steps of the application',
    next: 'Next: {name}',
    back: 'Back: {name}',
    checkStep: 'Check and submit',
    missingIntro: 'Still to complete before you can submit:',
    nothingMissing: 'Everything is filled in. You can submit the application.',
    uploaded: 'Uploaded: {file}',
    incomplete: 'Some answers or documents are still missing.',
  },
  fr: {
    problem: 'Il y a un problème',
    field: '{label} : {message}.',
    summaryField: '{label} : {message}',
    rowField: '{row}, {label}',
    serverAnswered: 'Le serveur a répondu {status}. Merci de réessayer.',
    fileMissing: 'fichier manquant, choisissez-en un',
    fileType: 'doit être un fichier PDF, Word, Excel, OpenDocument, JPEG ou PNG',
    fileEmpty: 'le fichier est vide',
    fileTooLarge: 'le fichier dépasse {mb} Mo',
    locked:
      "Vos réponses sont enregistrées (candidature {id}) et ne peuvent plus être modifiées. Ajoutez les documents ci-dessous, puis soumettez. Nous avons aussi envoyé un lien vers votre candidature à l'adresse du contact.",
    saving: 'Enregistrement de vos réponses…',
    correct: 'Merci de corriger les réponses signalées ci-dessous.',
    duplicate: "Cette organisation (pays et numéro d'enregistrement) a déjà postulé à cet appel.",
    duplicateHint: "Si vous avez commencé cette candidature plus tôt, suivez le lien du courriel envoyé à l'adresse du contact.",
    documentsIncomplete: 'Des documents manquent ou ne sont pas valides.',
    uploading: 'Téléversement du document {n} sur {total} ({file})…',
    draftGone: "Votre candidature enregistrée est introuvable. Merci de soumettre le formulaire à nouveau.",
    notSent: "n'a pas pu être envoyé",
    uploadFailed: "Un document n'a pas pu être téléversé. Vos réponses sont enregistrées : soumettez à nouveau pour réessayer.",
    didNotUpload: "le téléversement a échoué{storage} ; soumettez à nouveau pour réessayer",
    storageAnswered: ' (le stockage a répondu {status})',
    addDocuments: 'Vos réponses sont enregistrées. Ajoutez les documents signalés ci-dessous, puis soumettez à nouveau.',
    submitting: 'Soumission de votre candidature…',
    submitted: 'Candidature soumise. Ouverture de votre page de suivi…',
    connection: 'La connexion a échoué. Rien n’est perdu : soumettez à nouveau.',
    removed: 'Supprimé. {group} : {n} restant(s).',
    savedAt: 'Enregistré à {time}',
    notSavedRetrying: 'Non enregistré : nouvel essai… (ce que vous avez saisi reste ici)',
    notSavedFields: 'Enregistré à {time}, sauf les réponses signalées ci-dessous.',
    startHint: "Vos réponses sont enregistrées au fur et à mesure dès que le nom de l'organisation, son pays et son numéro d'enregistrement et l'adresse du contact sont remplis.",
    resumed: 'Votre candidature enregistrée est de retour : reprenez où vous en étiez.',
    step: 'Étape {n} sur {total} : {name}',
    steps: 'Étapes de la candidature',
    next: 'Suivant : {name}',
    back: 'Retour : {name}',
    checkStep: 'Vérifier et soumettre',
    missingIntro: 'Encore à compléter avant de pouvoir soumettre :',
    nothingMissing: 'Tout est rempli. Vous pouvez soumettre la candidature.',
    uploaded: 'Déposé : {file}',
    incomplete: 'Des réponses ou des documents manquent encore.',
  },
  es: {
    problem: 'Hay un problema',
    field: '{label}: {message}.',
    summaryField: '{label}: {message}',
    rowField: '{row}, {label}',
    serverAnswered: 'El servidor respondió {status}. Inténtelo de nuevo.',
    fileMissing: 'falta el archivo, elija uno',
    fileType: 'debe ser un archivo PDF, Word, Excel, OpenDocument, JPEG o PNG',
    fileEmpty: 'el archivo está vacío',
    fileTooLarge: 'el archivo supera los {mb} MB',
    locked:
      'Sus respuestas están guardadas (solicitud {id}) y ya no se pueden cambiar. Añada los documentos a continuación y envíe la solicitud. También enviamos un enlace a su solicitud a la dirección de contacto.',
    saving: 'Guardando sus respuestas…',
    correct: 'Corrija las respuestas señaladas a continuación.',
    duplicate: 'Esta organización (país y número de registro) ya ha postulado a esta convocatoria.',
    duplicateHint: 'Si empezó esta solicitud antes, siga el enlace del correo que enviamos a la dirección de contacto.',
    documentsIncomplete: 'Faltan documentos o no son válidos.',
    uploading: 'Subiendo el documento {n} de {total} ({file})…',
    draftGone: 'No se encontró su solicitud guardada. Envíe el formulario de nuevo.',
    notSent: 'no se pudo enviar',
    uploadFailed: 'No se pudo subir un documento. Sus respuestas están guardadas: envíe de nuevo para reintentarlo.',
    didNotUpload: 'no se subió{storage}; envíe de nuevo para reintentarlo',
    storageAnswered: ' (el almacenamiento respondió {status})',
    addDocuments: 'Sus respuestas están guardadas. Añada los documentos señalados a continuación y envíe de nuevo.',
    submitting: 'Enviando su solicitud…',
    submitted: 'Solicitud enviada. Abriendo su página de seguimiento…',
    connection: 'Falló la conexión. No se ha perdido nada: envíe de nuevo.',
    removed: 'Eliminado. {group}: quedan {n}.',
    savedAt: 'Guardado a las {time}',
    notSavedRetrying: 'No guardado: reintentando… (lo que escribió sigue aquí)',
    notSavedFields: 'Guardado a las {time}, salvo las respuestas señaladas a continuación.',
    startHint: 'Sus respuestas se guardan a medida que avanza en cuanto el nombre de la organización, su país y número de registro y el correo de contacto estén completos.',
    resumed: 'Su solicitud guardada está de vuelta: continúe donde la dejó.',
    step: 'Paso {n} de {total}: {name}',
    steps: 'Pasos de la solicitud',
    next: 'Siguiente: {name}',
    back: 'Volver: {name}',
    checkStep: 'Revisar y enviar',
    missingIntro: 'Falta completar antes de poder enviar:',
    nothingMissing: 'Todo está completo. Puede enviar la solicitud.',
    uploaded: 'Subido: {file}',
    incomplete: 'Aún faltan respuestas o documentos.',
  },
};

// ——— The status page ———

const STATUS_TEXT_BY_LANGUAGE = {
  en: {
    title: 'Your application',
    noscript:
      'This page needs JavaScript: it opens your application with the access code from your email, which never leaves your browser except to ask for your application.',
    loading: 'Loading your application…',
    statuses: {
      draft: 'Draft: not submitted yet',
      submitted: 'Submitted: checking eligibility…',
      eligible: 'Eligible',
      ineligible: 'Not eligible',
      'in-review': 'In review',
      reviewed: 'Reviewed',
      approved: 'Approved',
      'not-funded': 'Not funded',
      withdrawn: 'Withdrawn',
    },
    checks: { verified: 'received and checked', missing: 'missing', invalid: 'not valid' },
    organisation: 'Organisation',
    status: 'Status',
    submittedAt: 'Submitted',
    decidedAt: 'Decided',
    draftNote: 'The application is not submitted yet. Your answers are saved: continue it where you left off.',
    continueDraft: 'Continue the application',
    missingIntro: 'Still to complete before you can submit:',
    reopenNote: 'Until the call closes you may reopen the application to correct it; it is then checked again when you submit it.',
    reopen: 'Reopen to correct it',
    withdrawTitle: 'Withdraw the application',
    withdrawNote: 'Withdrawing is final: the application is not reviewed or funded.',
    withdrawReason: 'Why (optional, seen by the secretariat)',
    withdraw: 'Withdraw the application',
    withdrawnNote: 'The application has been withdrawn.',
    collaborators: 'Working on it with you',
    noCollaborators: 'Nobody else yet. Invite a colleague (a director, a finance officer): they get a link of their own to edit the draft; only you submit it.',
    inviteEmail: 'Their email',
    inviteName: 'Their name (optional)',
    invite: 'Invite',
    removeCollaborator: 'Remove',
    eligibility: 'Eligibility',
    eligible: 'The application meets every eligibility rule of the call. It will be reviewed after the call closes.',
    ineligible: 'The application does not meet these rules of the call:',
    priority: 'Priority',
    priorityPoints: 'priority points',
    colon: ':',
    noContexts: 'The project declares no priority context of the call.',
    rule: '{code}: {points} points, {why}.',
    declared: 'declared by the applicant',
    implied: 'implied by implementation in {countries}',
    and: ' and ',
    documents: 'Documents',
    notUploaded: 'not uploaded',
    documentLine: '{label}: {state}',
    announce: 'Status: {status}',
    askCode: 'Open the link in the email we sent to your contact address, or paste the access code from it.',
    accessCode: 'Access code',
    show: 'Show my application',
    pasteCode: 'Please paste the access code.',
    wrongCode: 'That access code does not open this application. Check the link in your email.',
    unreachable: 'We cannot reach the service right now. Please reload this page in a few minutes.',
    slow: 'The eligibility check is taking longer than usual. Reload this page in a few minutes to see the result.',
  },
  fr: {
    title: 'Votre candidature',
    noscript:
      "Cette page a besoin de JavaScript : elle ouvre votre candidature avec le code d'accès reçu par courriel, qui ne quitte votre navigateur que pour demander votre candidature.",
    loading: 'Chargement de votre candidature…',
    statuses: {
      draft: 'Brouillon : pas encore soumise',
      submitted: "Soumise : vérification de l'éligibilité…",
      eligible: 'Éligible',
      ineligible: 'Non éligible',
      'in-review': "En cours d'évaluation",
      reviewed: 'Évaluée',
      approved: 'Approuvée',
      'not-funded': 'Non financée',
      withdrawn: 'Retirée',
    },
    checks: { verified: 'reçu et vérifié', missing: 'manquant', invalid: 'non valide' },
    organisation: 'Organisation',
    status: 'Statut',
    submittedAt: 'Soumise le',
    decidedAt: 'Décision le',
    draftNote: "La candidature n'est pas encore soumise. Vos réponses sont enregistrées : reprenez-la où vous en étiez.",
    continueDraft: 'Poursuivre la candidature',
    missingIntro: 'Encore à compléter avant de pouvoir soumettre :',
    reopenNote: "Jusqu'à la clôture de l'appel, vous pouvez rouvrir la candidature pour la corriger ; elle est vérifiée à nouveau quand vous la soumettez.",
    reopen: 'Rouvrir pour corriger',
    withdrawTitle: 'Retirer la candidature',
    withdrawNote: "Le retrait est définitif : la candidature n'est ni évaluée ni financée.",
    withdrawReason: 'Pourquoi (facultatif, lu par le secrétariat)',
    withdraw: 'Retirer la candidature',
    withdrawnNote: 'La candidature a été retirée.',
    collaborators: 'Y travaillent avec vous',
    noCollaborators: "Personne d'autre pour le moment. Invitez un collègue (une directrice, un responsable financier) : il reçoit un lien personnel pour modifier le brouillon ; vous seul la soumettez.",
    inviteEmail: 'Son adresse électronique',
    inviteName: 'Son nom (facultatif)',
    invite: 'Inviter',
    removeCollaborator: 'Retirer',
    eligibility: 'Éligibilité',
    eligible: "La candidature remplit tous les critères d'éligibilité de l'appel. Elle sera évaluée après la clôture de l'appel.",
    ineligible: "La candidature ne remplit pas ces critères de l'appel :",
    priority: 'Priorité',
    priorityPoints: 'points de priorité',
    colon: ' :',
    noContexts: "Le projet ne déclare aucun contexte prioritaire de l'appel.",
    rule: '{context} : {points} points, {why}.',
    declared: 'déclaré par le demandeur',
    implied: 'déduit de la mise en œuvre dans ces pays : {countries}',
    and: ' et ',
    documents: 'Documents',
    notUploaded: 'non téléversé',
    documentLine: '{label} : {state}',
    announce: 'Statut : {status}',
    askCode: "Ouvrez le lien du courriel envoyé à votre adresse de contact, ou collez le code d'accès qu'il contient.",
    accessCode: "Code d'accès",
    show: 'Afficher ma candidature',
    pasteCode: "Merci de coller le code d'accès.",
    wrongCode: "Ce code d'accès n'ouvre pas cette candidature. Vérifiez le lien de votre courriel.",
    unreachable: 'Le service est injoignable pour le moment. Merci de recharger cette page dans quelques minutes.',
    slow: "La vérification de l'éligibilité prend plus de temps que d'habitude. Rechargez cette page dans quelques minutes pour voir le résultat.",
  },
  es: {
    title: 'Su solicitud',
    noscript:
      'Esta página necesita JavaScript: abre su solicitud con el código de acceso de su correo, que solo sale de su navegador para pedir su solicitud.',
    loading: 'Cargando su solicitud…',
    statuses: {
      draft: 'Borrador: aún no enviada',
      submitted: 'Enviada: verificando la elegibilidad…',
      eligible: 'Elegible',
      ineligible: 'No elegible',
      'in-review': 'En evaluación',
      reviewed: 'Evaluada',
      approved: 'Aprobada',
      'not-funded': 'No financiada',      withdrawn: 'Retirada',
    },
    checks: { verified: 'recibido y verificado', missing: 'falta', invalid: 'no válido' },
    organisation: 'Organización',
    status: 'Estado',
    submittedAt: 'Enviada el',
    decidedAt: 'Decidida el',
    draftNote: 'La solicitud aún no se ha enviado. Sus respuestas están guardadas: continúela donde la dejó.',
    continueDraft: 'Continuar la solicitud',
    missingIntro: 'Falta completar antes de poder enviar:',
    reopenNote: 'Hasta el cierre de la convocatoria puede reabrir la solicitud para corregirla; se verifica de nuevo cuando la envíe.',
    reopen: 'Reabrir para corregir',
    withdrawTitle: 'Retirar la solicitud',
    withdrawNote: 'El retiro es definitivo: la solicitud no se evalúa ni se financia.',
    withdrawReason: 'Por qué (opcional, lo lee la secretaría)',
    withdraw: 'Retirar la solicitud',
    withdrawnNote: 'La solicitud ha sido retirada.',
    collaborators: 'Trabajan en ella con usted',
    noCollaborators: 'Nadie más por ahora. Invite a un colega (una directora, un oficial de finanzas): recibe un enlace propio para editar el borrador; solo usted la envía.',
    inviteEmail: 'Su correo electrónico',
    inviteName: 'Su nombre (opcional)',
    invite: 'Invitar',
    removeCollaborator: 'Quitar',
    eligibility: 'Elegibilidad',
    eligible: 'La solicitud cumple todos los criterios de elegibilidad de la convocatoria. Se evaluará cuando cierre la convocatoria.',
    ineligible: 'La solicitud no cumple estos criterios de la convocatoria:',
    priority: 'Prioridad',
    priorityPoints: 'puntos de prioridad',
    colon: ':',
    noContexts: 'El proyecto no declara ningún contexto prioritario de la convocatoria.',
    rule: '{context}: {points} puntos, {why}.',
    declared: 'declarado por la organización solicitante',
    implied: 'deducido de la ejecución en {countries}',
    and: ' y ',
    documents: 'Documentos',
    notUploaded: 'no se ha subido',
    documentLine: '{label}: {state}',
    announce: 'Estado: {status}',
    askCode: 'Abra el enlace del correo que enviamos a su dirección de contacto, o pegue el código de acceso que contiene.',
    accessCode: 'Código de acceso',
    show: 'Ver mi solicitud',
    pasteCode: 'Pegue el código de acceso.',
    wrongCode: 'Ese código de acceso no abre esta solicitud. Revise el enlace de su correo.',
    unreachable: 'No podemos conectar con el servicio en este momento. Vuelva a cargar esta página en unos minutos.',
    slow: 'La verificación de la elegibilidad está tardando más de lo habitual. Vuelva a cargar esta página en unos minutos para ver el resultado.',
  },
} satisfies Record<Language, unknown>;

export const STATUS_TEXT: Record<Language, (typeof STATUS_TEXT_BY_LANGUAGE)['en']> = STATUS_TEXT_BY_LANGUAGE;

let statusTexts: Record<Language, unknown> | undefined;

/** Everything status.js needs in every language (the application's language is known only once the API answers). */
export function statusScriptTexts(): Record<Language, unknown> {
  return (statusTexts ??= Object.fromEntries(
    LANGUAGES.map((language) => [
      language,
      {
        ...STATUS_TEXT[language],
        chrome: CHROME[language],
        locale: DATE_LOCALES[language],
        patterns: MESSAGE_PATTERNS[language],
        documentLabels: DOCUMENT_LABELS[language],
        contexts: VOCABULARY[language].contexts,
      },
    ]),
  ) as Record<Language, unknown>);
}

// ——— The grantee's report page ———

export const REPORT_TEXT = {
  en: {
    title: 'Report',
    heading: (n: number, title: string) => `Report ${n}: ${title}`,
    intro: (organisation: string, kind: 'interim' | 'final', periodEnd: string, due: string, overdue: boolean) =>
      `${organisation}: the ${kind} report for the period up to ${periodEnd}, due on ${due}${overdue ? ' (overdue)' : ''}.`,
    comments: "The secretariat's comments",
    needsJs: "This form needs JavaScript: the financial statement goes straight to the fund's storage.",
    narrative: 'Narrative',
    narrativeHelp: 'What the project did in the period. Describe the work, not the people: no names or details of victims.',
    statement: 'Financial statement',
    beneficiaries: 'People assisted in the period, counted once each',
    total: 'Total',
    byExploitation: 'By main form of exploitation (adds up to the total)',
    services: 'People who received each service',
    send: 'Send the report',
    thanksTitle: 'Thank you',
    thanks: 'Your report is in. The secretariat will review it and write to you.',
    script: {
      problem: 'There is a problem',
      chooseStatement: 'Choose the financial statement.',
      required: 'is required',
      sending: 'Sending…',
      uploadNotStarted: 'The upload could not start.',
      uploadFailed: 'The financial statement did not upload; please try again.',
      notSent: 'The report could not be sent.',
      connection: 'The connection failed; nothing was lost on this page. Please try again.',
      incomplete: 'The report is not complete or does not add up; nothing was recorded.',
    },
  },
  fr: {
    title: 'Rapport',
    heading: (n: number, title: string) => `Rapport ${n} : ${title}`,
    intro: (organisation: string, kind: 'interim' | 'final', periodEnd: string, due: string, overdue: boolean) =>
      `${organisation} : le rapport ${kind === 'final' ? 'final' : 'intermédiaire'} pour la période allant jusqu'au ${periodEnd}, attendu le ${due}${overdue ? ' (en retard)' : ''}.`,
    comments: 'Les commentaires du secrétariat',
    needsJs: "Ce formulaire a besoin de JavaScript : l'état financier est envoyé directement vers le stockage du Fonds.",
    narrative: 'Récit',
    narrativeHelp: "Ce que le projet a fait pendant la période. Décrivez le travail, pas les personnes : aucun nom ni détail sur les victimes.",
    statement: 'État financier',
    beneficiaries: 'Personnes aidées pendant la période, chacune comptée une seule fois',
    total: 'Total',
    byExploitation: "Par principale forme d'exploitation (le total doit être égal au total ci-dessus)",
    services: 'Personnes ayant reçu chaque service',
    send: 'Envoyer le rapport',
    thanksTitle: 'Merci',
    thanks: 'Votre rapport est bien reçu. Le secrétariat va l’examiner et vous écrira.',
    script: {
      problem: 'Il y a un problème',
      chooseStatement: "Choisissez l'état financier.",
      required: 'champ obligatoire',
      sending: 'Envoi…',
      uploadNotStarted: "Le téléversement n'a pas pu commencer.",
      uploadFailed: "L'état financier n'a pas été téléversé ; merci de réessayer.",
      notSent: "Le rapport n'a pas pu être envoyé.",
      connection: "La connexion a échoué ; rien n'est perdu sur cette page. Merci de réessayer.",
      incomplete: "Le rapport est incomplet ou ses chiffres ne concordent pas ; rien n'a été enregistré.",
    },
  },
  es: {
    title: 'Informe',
    heading: (n: number, title: string) => `Informe ${n}: ${title}`,
    intro: (organisation: string, kind: 'interim' | 'final', periodEnd: string, due: string, overdue: boolean) =>
      `${organisation}: el informe ${kind === 'final' ? 'final' : 'intermedio'} del período hasta el ${periodEnd}, que vence el ${due}${overdue ? ' (atrasado)' : ''}.`,
    comments: 'Los comentarios de la secretaría',
    needsJs: 'Este formulario necesita JavaScript: el estado financiero se envía directamente al almacenamiento del Fondo.',
    narrative: 'Narración',
    narrativeHelp: 'Qué hizo el proyecto en el período. Describa el trabajo, no a las personas: ningún nombre ni detalle de las víctimas.',
    statement: 'Estado financiero',
    beneficiaries: 'Personas asistidas en el período, contando a cada una una sola vez',
    total: 'Total',
    byExploitation: 'Por principal forma de explotación (suma el total)',
    services: 'Personas que recibieron cada servicio',
    send: 'Enviar el informe',
    thanksTitle: 'Gracias',
    thanks: 'Hemos recibido su informe. La secretaría lo revisará y le escribirá.',
    script: {
      problem: 'Hay un problema',
      chooseStatement: 'Elija el estado financiero.',
      required: 'campo obligatorio',
      sending: 'Enviando…',
      uploadNotStarted: 'No se pudo iniciar la subida.',
      uploadFailed: 'El estado financiero no se subió; inténtelo de nuevo.',
      notSent: 'No se pudo enviar el informe.',
      connection: 'Falló la conexión; no se perdió nada en esta página. Inténtelo de nuevo.',
      incomplete: 'El informe está incompleto o sus cifras no cuadran; no se registró nada.',
    },
  },
} satisfies Record<Language, unknown>;

// ——— The grantee's link when it no longer opens the form ———

/** What a grantee reads when the report link does not open the form, by the API's error code. */
export const REPORT_LINK_TEXT: Record<Language, { title: string } & Record<'NOT_FOUND' | 'ALREADY_ANSWERED' | 'LINK_EXPIRED' | 'GRANT_CLOSED' | 'TRY_AGAIN', string>> = {
  en: {
    title: 'Report',
    NOT_FOUND: 'This link does not open any report. Please use the link in the latest email from the fund.',
    ALREADY_ANSWERED: 'This report has already been sent. Thank you: the secretariat will write to you.',
    LINK_EXPIRED: 'This link has expired. A newer email from the fund carries a fresh link.',
    GRANT_CLOSED: 'This grant is closed: it takes no more reports.',
    TRY_AGAIN: 'The report cannot be taken right now; nothing was recorded. Please try again in a minute.',
  },
  fr: {
    title: 'Rapport',
    NOT_FOUND: "Ce lien n'ouvre aucun rapport. Veuillez utiliser le lien du dernier courriel du fonds.",
    ALREADY_ANSWERED: 'Ce rapport a déjà été envoyé. Merci : le secrétariat vous écrira.',
    LINK_EXPIRED: 'Ce lien a expiré. Un courriel plus récent du fonds contient un nouveau lien.',
    GRANT_CLOSED: "Cette subvention est clôturée : elle n'accepte plus de rapports.",
    TRY_AGAIN: "Le rapport ne peut pas être reçu pour le moment ; rien n'a été enregistré. Veuillez réessayer dans une minute.",
  },
  es: {
    title: 'Informe',
    NOT_FOUND: 'Este enlace no abre ningún informe. Utilice el enlace del último correo del fondo.',
    ALREADY_ANSWERED: 'Este informe ya fue enviado. Gracias: la secretaría le escribirá.',
    LINK_EXPIRED: 'Este enlace ha caducado. Un correo más reciente del fondo contiene un enlace nuevo.',
    GRANT_CLOSED: 'Esta subvención está cerrada: ya no admite informes.',
    TRY_AGAIN: 'El informe no puede recibirse en este momento; no se registró nada. Inténtelo de nuevo en un minuto.',
  },
};
