// The NGO's workspace beyond the form: the organisation's page
// (functions/org), its sign-in email, and the invitation a collaborator gets
// (functions/api-applications), in English, French and Spanish. One table per language, so a missing translation is a
// type error. The statuses are the status page's own (shared/web-i18n.ts).
import type { Language } from './domain/vocabulary.ts';

/** How long the link to an organisation's page works: long enough for a poor connection and a second look, short enough to be worth little if forwarded. */
export const ORG_LINK_HOURS = 72;

const en = {
  title: "Your organisation's applications",
  orgLink: 'Applied before, or started a draft? Open your organisation’s page',
  intro:
    'Enter the contact email address of your applications. We send a link to your organisation’s page to that address: every application and grant of it, what is still missing, the reports due, and the open calls, with your profile ready to reuse.',
  email: 'Contact email address',
  send: 'Send me the link',
  sent: (hours: number) =>
    `If this address is the contact of an application, a link to your organisation’s page is on its way to it. The link works for ${hours} hours. Nothing arrived? Check the spelling, and your spam folder.`,
  emailProblem: 'Please enter an email address.',
  applications: 'Applications',
  none: 'No application yet.',
  call: 'Call',
  project: 'Project',
  status: 'Status',
  missing: (n: number) => (n === 1 ? '1 thing still missing' : `${n} things still missing`),
  continue: 'Continue',
  open: 'Open',
  grants: 'Grants',
  amount: 'Amount',
  reportDue: (n: number, due: string) => `Report ${n}, due on ${due}`,
  submitReport: 'Send the report',
  noReportsDue: 'No report is due now.',
  openCalls: 'Open calls',
  noOpenCalls: 'No call is open now.',
  closes: 'Closes',
  apply: 'Apply to this call',
  applyHelp: 'A new draft, with your organisation’s profile from your latest application filled in: name, type, registration, experience, website and contact.',
  copyCertificate: 'Also reuse our registration certificate (a copy goes with the new application)',
  alreadyApplied: 'Your organisation has applied to this call.',
  expired: 'This link has expired. Ask for a new one:',
  askAgain: 'Send me a new link',
  notFound: 'This link does not open an organisation’s page.',
  duplicate: 'Your organisation has already applied to this call: open that application from your organisation’s page.',
  back: 'Back to your organisation’s page',
  inviteSubject: (org: string) => `You are invited to work on an application of ${org}`,
  inviteBody: (name: string | undefined, org: string, call: string, link: string) =>
    [
      name ? `Dear ${name},` : 'Hello,',
      '',
      `The contact of ${org}'s application to the call "${call}" invites you to work on it with them. This link opens the draft; what you change is saved as you go, and the contact submits it:`,
      '',
      link,
      '',
      'The link is yours: do not forward it. It stops working if the contact removes you.',
      '',
      'The Trust Fund secretariat',
    ].join('\n'),
  emailSubject: "Your organisation's page",
  emailBody: (link: string, hours: number) =>
    [
      'Hello,',
      '',
      'Here is the link to your organisation’s page at the Trust Fund: your applications and grants, what is still missing, the reports due and the open calls.',
      '',
      link,
      '',
      `It works for ${hours} hours. Do not forward it: whoever has it can open your applications. If you did not ask for it, you can ignore this email.`,
      '',
      'The Trust Fund secretariat',
    ].join('\n'),
};

type OrgText = typeof en;

const fr: OrgText = {
  title: 'Les candidatures de votre organisation',
  orgLink: 'Déjà candidat, ou un brouillon commencé ? Ouvrez la page de votre organisation',
  intro:
    "Saisissez l'adresse électronique de contact de vos candidatures. Nous envoyons à cette adresse un lien vers la page de votre organisation : toutes ses candidatures et subventions, ce qui manque encore, les rapports attendus et les appels ouverts, avec votre profil prêt à être réutilisé.",
  email: 'Adresse électronique de contact',
  send: "M'envoyer le lien",
  sent: (hours) =>
    `Si cette adresse est le contact d'une candidature, un lien vers la page de votre organisation lui est envoyé. Le lien fonctionne pendant ${hours} heures. Rien reçu ? Vérifiez l'orthographe et votre dossier de courriers indésirables.`,
  emailProblem: 'Merci de saisir une adresse électronique.',
  applications: 'Candidatures',
  none: 'Aucune candidature pour le moment.',
  call: 'Appel',
  project: 'Projet',
  status: 'Statut',
  missing: (n) => (n === 1 ? 'encore 1 élément manquant' : `encore ${n} éléments manquants`),
  continue: 'Poursuivre',
  open: 'Ouvrir',
  grants: 'Subventions',
  amount: 'Montant',
  reportDue: (n, due) => `Rapport ${n}, attendu le ${due}`,
  submitReport: 'Envoyer le rapport',
  noReportsDue: "Aucun rapport n'est attendu pour le moment.",
  openCalls: 'Appels ouverts',
  noOpenCalls: "Aucun appel n'est ouvert pour le moment.",
  closes: 'Clôture',
  apply: 'Postuler à cet appel',
  applyHelp:
    "Un nouveau brouillon, avec le profil de votre organisation repris de votre dernière candidature : nom, type, enregistrement, expérience, site web et contact.",
  copyCertificate: "Réutiliser aussi notre certificat d'enregistrement (une copie accompagne la nouvelle candidature)",
  alreadyApplied: 'Votre organisation a postulé à cet appel.',
  expired: 'Ce lien a expiré. Demandez-en un nouveau :',
  askAgain: "M'envoyer un nouveau lien",
  notFound: "Ce lien n'ouvre la page d'aucune organisation.",
  duplicate: 'Votre organisation a déjà postulé à cet appel : ouvrez cette candidature depuis la page de votre organisation.',
  back: 'Retour à la page de votre organisation',
  inviteSubject: (org) => `Invitation à travailler sur une candidature de ${org}`,
  inviteBody: (name, org, call, link) =>
    [
      name ? `Bonjour ${name},` : 'Bonjour,',
      '',
      `Le contact de la candidature de ${org} à l'appel « ${call} » vous invite à y travailler avec lui. Ce lien ouvre le brouillon ; vos modifications sont enregistrées au fur et à mesure, et le contact la soumet :`,
      '',
      link,
      '',
      "Ce lien est personnel : ne le transférez pas. Il cesse de fonctionner si le contact vous retire.",
      '',
      'Le secrétariat du Fonds',
    ].join('\n'),
  emailSubject: 'La page de votre organisation',
  emailBody: (link, hours) =>
    [
      'Bonjour,',
      '',
      'Voici le lien vers la page de votre organisation au Fonds : vos candidatures et subventions, ce qui manque encore, les rapports attendus et les appels ouverts.',
      '',
      link,
      '',
      `Il fonctionne pendant ${hours} heures. Ne le transférez pas : quiconque le détient peut ouvrir vos candidatures. Si vous ne l'avez pas demandé, ignorez ce courriel.`,
      '',
      'Le secrétariat du Fonds',
    ].join('\n'),
};

const es: OrgText = {
  title: 'Las solicitudes de su organización',
  orgLink: '¿Ya postuló o empezó un borrador? Abra la página de su organización',
  intro:
    'Escriba la dirección de correo de contacto de sus solicitudes. Enviamos a esa dirección un enlace a la página de su organización: todas sus solicitudes y subvenciones, lo que aún falta, los informes pendientes y las convocatorias abiertas, con su perfil listo para reutilizar.',
  email: 'Correo electrónico de contacto',
  send: 'Enviarme el enlace',
  sent: (hours) =>
    `Si esta dirección es el contacto de una solicitud, le estamos enviando un enlace a la página de su organización. El enlace funciona durante ${hours} horas. ¿No llegó nada? Revise la ortografía y su carpeta de correo no deseado.`,
  emailProblem: 'Escriba una dirección de correo electrónico.',
  applications: 'Solicitudes',
  none: 'Todavía no hay ninguna solicitud.',
  call: 'Convocatoria',
  project: 'Proyecto',
  status: 'Estado',
  missing: (n) => (n === 1 ? 'falta 1 elemento' : `faltan ${n} elementos`),
  continue: 'Continuar',
  open: 'Abrir',
  grants: 'Subvenciones',
  amount: 'Monto',
  reportDue: (n, due) => `Informe ${n}, previsto para el ${due}`,
  submitReport: 'Enviar el informe',
  noReportsDue: 'No hay ningún informe pendiente por ahora.',
  openCalls: 'Convocatorias abiertas',
  noOpenCalls: 'No hay ninguna convocatoria abierta por ahora.',
  closes: 'Cierre',
  apply: 'Postular a esta convocatoria',
  applyHelp: 'Un nuevo borrador, con el perfil de su organización tomado de su última solicitud: nombre, tipo, registro, experiencia, sitio web y contacto.',
  copyCertificate: 'Reutilizar también nuestro certificado de registro (una copia acompaña la nueva solicitud)',
  alreadyApplied: 'Su organización ha postulado a esta convocatoria.',
  expired: 'Este enlace ha caducado. Pida uno nuevo:',
  askAgain: 'Enviarme un nuevo enlace',
  notFound: 'Este enlace no abre la página de ninguna organización.',
  duplicate: 'Su organización ya ha postulado a esta convocatoria: abra esa solicitud desde la página de su organización.',
  back: 'Volver a la página de su organización',
  inviteSubject: (org) => `Invitación a trabajar en una solicitud de ${org}`,
  inviteBody: (name, org, call, link) =>
    [
      name ? `Estimado/a ${name}:` : 'Hola:',
      '',
      `El contacto de la solicitud de ${org} a la convocatoria "${call}" le invita a trabajar en ella. Este enlace abre el borrador; lo que cambie se guarda a medida que avanza, y el contacto la envía:`,
      '',
      link,
      '',
      'El enlace es personal: no lo reenvíe. Deja de funcionar si el contacto le retira.',
      '',
      'La secretaría del Fondo',
    ].join('\n'),
  emailSubject: 'La página de su organización',
  emailBody: (link, hours) =>
    [
      'Hola:',
      '',
      'Este es el enlace a la página de su organización en el Fondo: sus solicitudes y subvenciones, lo que aún falta, los informes pendientes y las convocatorias abiertas.',
      '',
      link,
      '',
      `Funciona durante ${hours} horas. No lo reenvíe: quien lo tenga puede abrir sus solicitudes. Si no lo pidió, ignore este correo.`,
      '',
      'La secretaría del Fondo',
    ].join('\n'),
};

export const ORG_TEXT: Record<Language, OrgText> = { en, fr, es };
