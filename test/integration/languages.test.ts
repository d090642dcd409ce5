// Applicants read the fund's emails in the language of their application.
import { describe, expect, inject, it } from 'vitest';
import { listMail } from '../../infra/local/emulators/mail.ts';
import { applyFully, createCall, sampleApplication, until, waitForDecision } from '../support/client.ts';

async function inbox(address: string, count: number) {
  return until(`${count} emails`, async () => {
    const mail = (await listMail(inject('mailWebUrl'))).filter((m) => m.to.includes(address));
    return mail.length >= count ? mail : undefined;
  });
}

describe('emails in the applicant\'s language', () => {
  it('writes to a French-speaking NGO in French and to a Spanish-speaking one in Spanish, reasons included', async () => {
    const call = await createCall({ title: `Languages ${Date.now()}` });
    const french = sampleApplication((a) => {
      a.language = 'fr';
      a.organisation.name = 'Samu Social Sénégal';
      a.organisation.registrationCountry = 'SN';
      a.project.countries = ['SN'];
    });
    const spanish = sampleApplication((a) => {
      a.language = 'es';
      a.organisation.name = 'Fundación Esperanza';
      a.organisation.registrationCountry = 'EC';
      a.project.countries = ['EC'];
      a.project.durationMonths = 48;
    });
    for (const input of [french, spanish]) {
      const app = await applyFully(call.callId, input);
      await waitForDecision(app.applicationId, app.accessToken);
    }
    const [draftFr, resultFr] = await inbox(french.organisation.contact.email, 2);
    expect(draftFr!.subject).toBe(`Brouillon de candidature enregistré : ${french.project.title}`);
    expect(draftFr!.text).toContain("Votre code d'accès : ");
    expect(draftFr!.text).toContain("Certificat d'enregistrement légal");
    expect(resultFr!.subject).toBe(`Éligible : ${french.project.title}`);
    expect(resultFr!.text).toContain("remplit les critères d'éligibilité");

    const [draftEs, resultEs] = await inbox(spanish.organisation.contact.email, 2);
    expect(draftEs!.subject).toBe(`Borrador de solicitud guardado: ${spanish.project.title}`);
    expect(resultEs!.subject).toBe(`No elegible: ${spanish.project.title}`);
    expect(resultEs!.text).toContain('Los proyectos pueden durar como máximo 36 meses. (DURATION_TOO_LONG)');
    expect(resultEs!.text).not.toMatch(/Dear|Your application/);
  });
});
