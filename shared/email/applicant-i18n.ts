// What applicants and grantees read, in their language (English, French or
// Spanish: the fund works with NGOs across Africa, Latin America, Europe and
// Asia). The language is the one the application chose; eligibility reasons
// are written from their codes and the call's settings, so every sentence is
// in that language. Subjects keep the project title, which is the NGO's own.
import type { Language } from '../domain/vocabulary.ts';
import type { DocumentKind } from '../domain/vocabulary.ts';
import { formatUsd, sumCents } from '../domain/money.ts';

export interface EligibilityFacts {
  maxGrantUsd: number;
  minGrantUsd: number;
  maxDurationMonths: number;
  minYearsExperience: number;
  maxOperationalShare: number;
  actionLines: readonly string[];
  linesUsd: number;
  requestedUsd: number;
}

const money = (usd: number) => formatUsd(usd);

export const DOCUMENT_LABELS: Record<Language, Record<DocumentKind, string>> = {
  en: {
    'registration-certificate': 'Legal registration certificate',
    'narrative-proposal': 'Narrative proposal',
    'budget-sheet': 'Budget sheet',
    'financial-statement': 'Latest audited accounts or financial statement',
  },
  fr: {
    'registration-certificate': "Certificat d'enregistrement légal",
    'narrative-proposal': 'Proposition narrative',
    'budget-sheet': 'Budget détaillé',
    'financial-statement': 'Derniers comptes audités ou état financier',
  },
  es: {
    'registration-certificate': 'Certificado de registro legal',
    'narrative-proposal': 'Propuesta narrativa',
    'budget-sheet': 'Hoja de presupuesto',
    'financial-statement': 'Últimas cuentas auditadas o estado financiero',
  },
};

type Reasons = Record<string, (f: EligibilityFacts, documentKind?: DocumentKind) => string>;

const REASONS: Record<Language, Reasons> = {
  en: {
    CALL_NOT_OPEN: () => 'The call was not open when the application was submitted.',
    NOT_AN_NGO: () => 'Only legally registered NGOs, community-based and faith-based organisations may apply.',
    NO_DIRECT_ASSISTANCE: () => 'The project must give direct assistance to victims of trafficking.',
    ACTION_LINE_NOT_IN_CALL: (f) => `The call funds only these action lines: ${f.actionLines.join(', ')}.`,
    AMOUNT_OVER_CAP: (f) => `The amount requested is above the cap of ${money(f.maxGrantUsd)}.`,
    AMOUNT_UNDER_MINIMUM: (f) => `The amount requested is below the minimum of ${money(f.minGrantUsd)}.`,
    BUDGET_MISMATCH: (f) => `The budget lines add up to ${money(f.linesUsd)}, not to the ${money(f.requestedUsd)} requested.`,
    OPERATIONAL_SHARE_TOO_HIGH: (f) => `Operational costs may be at most ${Math.round(f.maxOperationalShare * 10_000) / 100}% of the amount requested.`,
    DURATION_TOO_LONG: (f) => `Projects may last at most ${f.maxDurationMonths} months.`,
    INSUFFICIENT_EXPERIENCE: (f) => `The organisation needs at least ${f.minYearsExperience} year(s) of experience assisting victims of trafficking.`,
    DOCUMENT_MISSING: (_, kind) => `${DOCUMENT_LABELS.en[kind!]}: not uploaded.`,
    DOCUMENT_INVALID: (_, kind) => `${DOCUMENT_LABELS.en[kind!]}: the file is not valid.`,
    OVERDUE_REPORTS: () => 'The organisation has an overdue report on an earlier grant of the fund.',
  },
  fr: {
    CALL_NOT_OPEN: () => "L'appel n'était pas ouvert au moment de la soumission.",
    NOT_AN_NGO: () => 'Seules les ONG, organisations communautaires et confessionnelles légalement enregistrées peuvent postuler.',
    NO_DIRECT_ASSISTANCE: () => 'Le projet doit apporter une assistance directe aux victimes de la traite.',
    ACTION_LINE_NOT_IN_CALL: (f) => `L'appel ne finance que ces axes d'action : ${f.actionLines.join(', ')}.`,
    AMOUNT_OVER_CAP: (f) => `Le montant demandé dépasse le plafond de ${money(f.maxGrantUsd)}.`,
    AMOUNT_UNDER_MINIMUM: (f) => `Le montant demandé est inférieur au minimum de ${money(f.minGrantUsd)}.`,
    BUDGET_MISMATCH: (f) => `Les lignes du budget totalisent ${money(f.linesUsd)} et non les ${money(f.requestedUsd)} demandés.`,
    OPERATIONAL_SHARE_TOO_HIGH: (f) => `Les coûts de fonctionnement ne peuvent dépasser ${Math.round(f.maxOperationalShare * 10_000) / 100} % du montant demandé.`,
    DURATION_TOO_LONG: (f) => `Les projets peuvent durer au plus ${f.maxDurationMonths} mois.`,
    INSUFFICIENT_EXPERIENCE: (f) => `L'organisation doit avoir au moins ${f.minYearsExperience} an(s) d'expérience dans l'assistance aux victimes de la traite.`,
    DOCUMENT_MISSING: (_, kind) => `${DOCUMENT_LABELS.fr[kind!]} : non téléversé.`,
    DOCUMENT_INVALID: (_, kind) => `${DOCUMENT_LABELS.fr[kind!]} : le fichier n'est pas valide.`,
    OVERDUE_REPORTS: () => "L'organisation a un rapport en retard sur une subvention antérieure du fonds.",
  },
  es: {
    CALL_NOT_OPEN: () => 'La convocatoria no estaba abierta cuando se presentó la solicitud.',
    NOT_AN_NGO: () => 'Solo pueden postular ONG, organizaciones comunitarias y religiosas legalmente registradas.',
    NO_DIRECT_ASSISTANCE: () => 'El proyecto debe brindar asistencia directa a víctimas de trata.',
    ACTION_LINE_NOT_IN_CALL: (f) => `La convocatoria solo financia estas líneas de acción: ${f.actionLines.join(', ')}.`,
    AMOUNT_OVER_CAP: (f) => `El monto solicitado supera el tope de ${money(f.maxGrantUsd)}.`,
    AMOUNT_UNDER_MINIMUM: (f) => `El monto solicitado es inferior al mínimo de ${money(f.minGrantUsd)}.`,
    BUDGET_MISMATCH: (f) => `Las líneas del presupuesto suman ${money(f.linesUsd)}, no los ${money(f.requestedUsd)} solicitados.`,
    OPERATIONAL_SHARE_TOO_HIGH: (f) => `Los costos operativos pueden ser como máximo el ${Math.round(f.maxOperationalShare * 10_000) / 100} % del monto solicitado.`,
    DURATION_TOO_LONG: (f) => `Los proyectos pueden durar como máximo ${f.maxDurationMonths} meses.`,
    INSUFFICIENT_EXPERIENCE: (f) => `La organización necesita al menos ${f.minYearsExperience} año(s) de experiencia en la asistencia a víctimas de trata.`,
    DOCUMENT_MISSING: (_, kind) => `${DOCUMENT_LABELS.es[kind!]}: no se ha subido.`,
    DOCUMENT_INVALID: (_, kind) => `${DOCUMENT_LABELS.es[kind!]}: el archivo no es válido.`,
    OVERDUE_REPORTS: () => 'La organización tiene un informe atrasado de una subvención anterior del fondo.',
  },
};

export const reasonText = (language: Language, code: string, facts: EligibilityFacts, documentKind?: DocumentKind) =>
  (REASONS[language][code] ?? REASONS.en[code])?.(facts, documentKind) ?? code;

/** The figures the reasons name: the call's rules and the application's budget. */
export const eligibilityFacts = (call: Omit<EligibilityFacts, 'linesUsd' | 'requestedUsd'>, budget: { requestedUsd: number; lines: readonly { amountUsd: number }[] }): EligibilityFacts => ({
  maxGrantUsd: call.maxGrantUsd,
  minGrantUsd: call.minGrantUsd,
  maxDurationMonths: call.maxDurationMonths,
  minYearsExperience: call.minYearsExperience,
  maxOperationalShare: call.maxOperationalShare,
  actionLines: call.actionLines,
  linesUsd: sumCents(budget.lines.map((l) => l.amountUsd)) / 100,
  requestedUsd: budget.requestedUsd,
});

/** Every reason of a decision as the sentence the applicant reads, in their language (the email's and the status page's). */
export const reasonsInLanguage = <R extends { code: string; documentKind?: DocumentKind }>(language: Language, reasons: readonly R[], facts: EligibilityFacts) =>
  reasons.map((reason) => ({ ...reason, text: reasonText(language, reason.code, facts, reason.documentKind) }));

type Report = { number: number; kind: 'interim' | 'final'; periodEnd: string; dueDate: string };

/** Every sentence of the applicant's and grantee's emails. */
export const APPLICANT_TEXT = {
  en: {
    dear: (name: string) => `Dear ${name},`,
    signature: 'The Trust Fund secretariat',
    draftSubject: (p: string) => `Application draft saved: ${p}`,
    draftSaved: (p: string, c: string) => `Your application "${p}" to the call "${c}" has been saved as a draft.`,
    accessCode: (code: string) => `Your access code: ${code}`,
    follow: (link: string) => `Continue and follow your application here (your draft is saved as you go): ${link}`,
    keepPrivate: 'Keep this code private: anyone who has it can see and complete your application.',
    confirmationCode: (code: string) =>
      `Your confirmation code: ${code}. Enter it on the last step of the form (or as confirmationCode when you submit through the API): it shows that this address is yours. Until then we send nothing else to this address.`,
    confirmSubject: 'Confirm your contact address',
    confirmBody: (org: string) => `This address was given as the contact of an application of ${org} to the Trust Fund.`,
    notYou: 'If you did not expect this email, ignore it: nothing else will be sent to you.',
    uploadBefore: 'Before submitting, upload these documents:',
    closes: (at: string) => `The call closes at ${at}.`,
    eligibleSubject: (p: string) => `Eligible: ${p}`,
    ineligibleSubject: (p: string) => `Not eligible: ${p}`,
    eligible: (p: string, c: string) => `Your application "${p}" to the call "${c}" meets the eligibility criteria.`,
    priority: (n: number) => `Priority points: ${n}`,
    reviewNext: 'After the call closes, independent reviewers will assess it. We will write to you again.',
    ineligible: (p: string, c: string) => `Your application "${p}" to the call "${c}" does not meet the eligibility criteria, for these reasons:`,
    details: (link: string) => `See the details with your access code: ${link}`,
    yourApplication: (link: string) => `Your application: ${link}`,
    approvedSubject: (p: string) => `Grant approved: ${p}`,
    approved: (p: string, c: string) => `We are pleased to tell you that the Board of Trustees has approved a grant for "${p}" under the call "${c}".`,
    amount: (usd: number) => `Amount: ${money(usd)}`,
    period: (from: string, to: string) => `Grant period: ${from} to ${to}`,
    tranches: (n: number) => `Disbursement: ${n} tranche${n === 1 ? '' : 's'}, the first at the start and each next one after an accepted interim report.`,
    reports: (n: number) => `Reports: ${n} (interim and final). Before each is due we will send you a personal link to submit it.`,
    thanks: (p: string, c: string) => `Thank you for your application "${p}" to the call "${c}".`,
    reserveSubject: (p: string) => `Reserve list: ${p}`,
    reserve: [
      'It was ranked, but the budget of the call did not reach it: it is not funded at this stage and stays on the reserve list.',
      'If an approved grant is declined or cancelled before its first payment, the next project on the reserve list that fits the freed budget is offered to the Board of Trustees, and we will write to you again.',
    ],
    notFundedSubject: (p: string) => `Decision on your application: ${p}`,
    notFunded: [
      'We regret to tell you that the Board of Trustees could not fund it in this call. Demand far exceeds the funds available, and many strong projects could not be supported.',
      'You are welcome to apply to future calls.',
    ],
    reportSubject: { request: 'Report due', returned: 'Report returned', reminder: 'Reminder: report due', overdue: 'Report overdue' },
    reportWhich: (r: Report, title: string) => `${r.kind === 'final' ? 'final' : 'interim'} report ${r.number} on "${title}"`,
    reportRequest: (which: string, r: Report) => [`Your ${which} is due on ${r.dueDate} (the period up to ${r.periodEnd}).`],
    reportReturned: (which: string, comments: string) => [`The secretariat has returned your ${which} with these comments:`, '', comments, '', 'Please submit it again.'],
    reportReminder: (which: string, r: Report) => [`A reminder: your ${which} is due on ${r.dueDate}.`],
    reportOverdue: (which: string, r: Report) => [`Your ${which} was due on ${r.dueDate} and is now overdue. Until it is in, the next tranche is held and your organisation cannot be funded in new calls.`],
    submitHere: (link: string) => `Submit it here: ${link}`,
    reportAsks: 'The link is personal and works once. The report has a narrative, the financial statement (a document) and the figures of the period: beneficiaries by group and by form of exploitation, and the services given.',
    noVictimDetails: 'Describe your work, not the people: no names or details of the victims you assist.',
    trancheSubject: (title: string, n: number) => `Tranche released: ${title} (${n})`,
    tranche: (n: number, title: string, usd: number, ref: string) => `Tranche ${n} of your grant for "${title}", ${money(usd)}, is released for payment (reference ${ref}).`,
  },
  fr: {
    dear: (name: string) => `Bonjour ${name},`,
    signature: 'Le secrétariat du Fonds',
    draftSubject: (p: string) => `Brouillon de candidature enregistré : ${p}`,
    draftSaved: (p: string, c: string) => `Votre candidature « ${p} » à l'appel « ${c} » a été enregistrée comme brouillon.`,
    accessCode: (code: string) => `Votre code d'accès : ${code}`,
    follow: (link: string) => `Poursuivez et suivez votre candidature ici (votre brouillon est enregistré au fur et à mesure) : ${link}`,
    keepPrivate: 'Gardez ce code confidentiel : toute personne qui le possède peut voir et compléter votre candidature.',
    confirmationCode: (code: string) =>
      `Votre code de confirmation : ${code}. Saisissez-le à la dernière étape du formulaire (ou comme confirmationCode si vous soumettez par l'API) : il montre que cette adresse est la vôtre. D'ici là, nous n'envoyons rien d'autre à cette adresse.`,
    confirmSubject: 'Confirmez votre adresse de contact',
    confirmBody: (org: string) => `Cette adresse a été indiquée comme contact d'une candidature de ${org} au Fonds.`,
    notYou: "Si vous n'attendiez pas ce courriel, ignorez-le : rien d'autre ne vous sera envoyé.",
    uploadBefore: 'Avant de soumettre, téléversez ces documents :',
    closes: (at: string) => `L'appel se clôt le ${at}.`,
    eligibleSubject: (p: string) => `Éligible : ${p}`,
    ineligibleSubject: (p: string) => `Non éligible : ${p}`,
    eligible: (p: string, c: string) => `Votre candidature « ${p} » à l'appel « ${c} » remplit les critères d'éligibilité.`,
    priority: (n: number) => `Points de priorité : ${n}`,
    reviewNext: "Après la clôture de l'appel, des évaluateurs indépendants l'examineront. Nous vous écrirons de nouveau.",
    ineligible: (p: string, c: string) => `Votre candidature « ${p} » à l'appel « ${c} » ne remplit pas les critères d'éligibilité, pour ces raisons :`,
    details: (link: string) => `Voir le détail avec votre code d'accès : ${link}`,
    yourApplication: (link: string) => `Votre candidature : ${link}`,
    approvedSubject: (p: string) => `Subvention approuvée : ${p}`,
    approved: (p: string, c: string) => `Nous avons le plaisir de vous informer que le Conseil d'administration a approuvé une subvention pour « ${p} » au titre de l'appel « ${c} ».`,
    amount: (usd: number) => `Montant : ${money(usd)}`,
    period: (from: string, to: string) => `Période de la subvention : du ${from} au ${to}`,
    tranches: (n: number) => `Versements : ${n} tranche${n === 1 ? '' : 's'}, la première au démarrage et chacune des suivantes après un rapport intermédiaire accepté.`,
    reports: (n: number) => `Rapports : ${n} (intermédiaires et final). Avant chaque échéance, nous vous enverrons un lien personnel pour le soumettre.`,
    thanks: (p: string, c: string) => `Merci pour votre candidature « ${p} » à l'appel « ${c} ».`,
    reserveSubject: (p: string) => `Liste de réserve : ${p}`,
    reserve: [
      "Elle a été classée, mais le budget de l'appel ne l'a pas atteinte : elle n'est pas financée à ce stade et reste sur la liste de réserve.",
      "Si une subvention approuvée est refusée ou annulée avant son premier versement, le projet suivant de la liste de réserve qui tient dans le budget libéré est proposé au Conseil d'administration, et nous vous écrirons de nouveau.",
    ],
    notFundedSubject: (p: string) => `Décision sur votre candidature : ${p}`,
    notFunded: [
      "Nous regrettons de vous informer que le Conseil d'administration n'a pas pu la financer dans cet appel. La demande dépasse de loin les fonds disponibles, et de nombreux projets solides n'ont pu être soutenus.",
      'Vous êtes invités à postuler aux prochains appels.',
    ],
    reportSubject: { request: 'Rapport attendu', returned: 'Rapport renvoyé', reminder: 'Rappel : rapport attendu', overdue: 'Rapport en retard' },
    reportWhich: (r: Report, title: string) => `rapport ${r.kind === 'final' ? 'final' : 'intermédiaire'} n° ${r.number} sur « ${title} »`,
    reportRequest: (which: string, r: Report) => [`Votre ${which} est attendu le ${r.dueDate} (période jusqu'au ${r.periodEnd}).`],
    reportReturned: (which: string, comments: string) => [`Le secrétariat vous renvoie votre ${which} avec ces commentaires :`, '', comments, '', 'Merci de le soumettre de nouveau.'],
    reportReminder: (which: string, r: Report) => [`Rappel : votre ${which} est attendu le ${r.dueDate}.`],
    reportOverdue: (which: string, r: Report) => [`Votre ${which} était attendu le ${r.dueDate} et est désormais en retard. Tant qu'il n'est pas reçu, la tranche suivante est suspendue et votre organisation ne peut être financée dans de nouveaux appels.`],
    submitHere: (link: string) => `Soumettez-le ici : ${link}`,
    reportAsks: "Le lien est personnel et ne sert qu'une fois. Le rapport comprend un récit, l'état financier (un document) et les chiffres de la période : bénéficiaires par groupe et par forme d'exploitation, et services fournis.",
    noVictimDetails: 'Décrivez votre travail, pas les personnes : aucun nom ni détail sur les victimes que vous aidez.',
    trancheSubject: (title: string, n: number) => `Tranche versée : ${title} (${n})`,
    tranche: (n: number, title: string, usd: number, ref: string) => `La tranche ${n} de votre subvention pour « ${title} », ${money(usd)}, est débloquée pour paiement (référence ${ref}).`,
  },
  es: {
    dear: (name: string) => `Estimado/a ${name}:`,
    signature: 'La secretaría del Fondo',
    draftSubject: (p: string) => `Borrador de solicitud guardado: ${p}`,
    draftSaved: (p: string, c: string) => `Su solicitud "${p}" a la convocatoria "${c}" se ha guardado como borrador.`,
    accessCode: (code: string) => `Su código de acceso: ${code}`,
    follow: (link: string) => `Continúe y siga su solicitud aquí (su borrador se guarda a medida que avanza): ${link}`,
    keepPrivate: 'Mantenga este código en privado: quien lo tenga puede ver y completar su solicitud.',
    confirmationCode: (code: string) =>
      `Su código de confirmación: ${code}. Escríbalo en el último paso del formulario (o como confirmationCode si presenta por la API): muestra que esta dirección es suya. Hasta entonces no enviamos nada más a esta dirección.`,
    confirmSubject: 'Confirme su dirección de contacto',
    confirmBody: (org: string) => `Esta dirección se indicó como contacto de una solicitud de ${org} al Fondo.`,
    notYou: 'Si no esperaba este correo, ignórelo: no se le enviará nada más.',
    uploadBefore: 'Antes de enviarla, suba estos documentos:',
    closes: (at: string) => `La convocatoria cierra el ${at}.`,
    eligibleSubject: (p: string) => `Elegible: ${p}`,
    ineligibleSubject: (p: string) => `No elegible: ${p}`,
    eligible: (p: string, c: string) => `Su solicitud "${p}" a la convocatoria "${c}" cumple los criterios de elegibilidad.`,
    priority: (n: number) => `Puntos de prioridad: ${n}`,
    reviewNext: 'Cuando cierre la convocatoria, evaluadores independientes la examinarán. Le escribiremos de nuevo.',
    ineligible: (p: string, c: string) => `Su solicitud "${p}" a la convocatoria "${c}" no cumple los criterios de elegibilidad, por estas razones:`,
    details: (link: string) => `Vea los detalles con su código de acceso: ${link}`,
    yourApplication: (link: string) => `Su solicitud: ${link}`,
    approvedSubject: (p: string) => `Subvención aprobada: ${p}`,
    approved: (p: string, c: string) => `Nos complace informarle que la Junta de Síndicos ha aprobado una subvención para "${p}" en la convocatoria "${c}".`,
    amount: (usd: number) => `Monto: ${money(usd)}`,
    period: (from: string, to: string) => `Período de la subvención: del ${from} al ${to}`,
    tranches: (n: number) => `Desembolso: ${n} tramo${n === 1 ? '' : 's'}, el primero al inicio y cada uno de los siguientes tras un informe intermedio aceptado.`,
    reports: (n: number) => `Informes: ${n} (intermedios y final). Antes de cada vencimiento le enviaremos un enlace personal para presentarlo.`,
    thanks: (p: string, c: string) => `Gracias por su solicitud "${p}" a la convocatoria "${c}".`,
    reserveSubject: (p: string) => `Lista de reserva: ${p}`,
    reserve: [
      'Fue clasificada, pero el presupuesto de la convocatoria no alcanzó: no se financia por ahora y queda en la lista de reserva.',
      'Si una subvención aprobada se rechaza o se cancela antes de su primer pago, el siguiente proyecto de la lista de reserva que quepa en el presupuesto liberado se propone a la Junta de Síndicos, y le escribiremos de nuevo.',
    ],
    notFundedSubject: (p: string) => `Decisión sobre su solicitud: ${p}`,
    notFunded: [
      'Lamentamos informarle que la Junta de Síndicos no pudo financiarla en esta convocatoria. La demanda supera con creces los fondos disponibles y muchos proyectos sólidos no pudieron apoyarse.',
      'Le invitamos a postular a futuras convocatorias.',
    ],
    reportSubject: { request: 'Informe pendiente', returned: 'Informe devuelto', reminder: 'Recordatorio: informe pendiente', overdue: 'Informe atrasado' },
    reportWhich: (r: Report, title: string) => `informe ${r.kind === 'final' ? 'final' : 'intermedio'} n.º ${r.number} sobre "${title}"`,
    reportRequest: (which: string, r: Report) => [`Su ${which} vence el ${r.dueDate} (período hasta el ${r.periodEnd}).`],
    reportReturned: (which: string, comments: string) => [`La secretaría le devuelve su ${which} con estos comentarios:`, '', comments, '', 'Por favor, preséntelo de nuevo.'],
    reportReminder: (which: string, r: Report) => [`Recordatorio: su ${which} vence el ${r.dueDate}.`],
    reportOverdue: (which: string, r: Report) => [`Su ${which} vencía el ${r.dueDate} y ahora está atrasado. Hasta que se reciba, el siguiente tramo queda retenido y su organización no puede recibir fondos en nuevas convocatorias.`],
    submitHere: (link: string) => `Preséntelo aquí: ${link}`,
    reportAsks: 'El enlace es personal y sirve una sola vez. El informe incluye una narración, el estado financiero (un documento) y las cifras del período: beneficiarios por grupo y por forma de explotación, y servicios prestados.',
    noVictimDetails: 'Describa su trabajo, no a las personas: ningún nombre ni detalle de las víctimas que asiste.',
    trancheSubject: (title: string, n: number) => `Tramo liberado: ${title} (${n})`,
    tranche: (n: number, title: string, usd: number, ref: string) => `El tramo ${n} de su subvención para "${title}", ${money(usd)}, está liberado para pago (referencia ${ref}).`,
  },
} satisfies Record<Language, unknown>;

/** The secretariat's question to an applicant (shared/questions.ts): the question itself is quoted as the secretariat wrote it. */
export const QUESTION_EMAIL_TEXT = {
  en: {
    subject: (p: string) => `A question about your application: ${p}`,
    intro: (p: string, c: string) => `The secretariat has a question about your application "${p}" to the call "${c}":`,
    answerHere: (link: string) => `Answer it here (you may add one document): ${link}`,
    linkRules: (expires: string) => `The link is personal, takes one answer and works until ${expires}.`,
  },
  fr: {
    subject: (p: string) => `Une question sur votre candidature : ${p}`,
    intro: (p: string, c: string) => `Le secrétariat a une question sur votre candidature « ${p} » à l'appel « ${c} » :`,
    answerHere: (link: string) => `Répondez ici (vous pouvez joindre un document) : ${link}`,
    linkRules: (expires: string) => `Le lien est personnel, accepte une seule réponse et fonctionne jusqu'au ${expires}.`,
  },
  es: {
    subject: (p: string) => `Una pregunta sobre su solicitud: ${p}`,
    intro: (p: string, c: string) => `La secretaría tiene una pregunta sobre su solicitud "${p}" a la convocatoria "${c}":`,
    answerHere: (link: string) => `Responda aquí (puede adjuntar un documento): ${link}`,
    linkRules: (expires: string) => `El enlace es personal, admite una sola respuesta y funciona hasta el ${expires}.`,
  },
} satisfies Record<Language, unknown>;
