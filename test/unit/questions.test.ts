// The question's email in each language (the question quoted line by line,
// the link, the rules of the link) and what the secretariat sees of a
// question (its status; the link's hash never).
import { describe, expect, it } from 'vitest';
import { questionEmail } from '../../shared/email/templates.ts';
import { questionView } from '../../shared/questions.ts';
import type { Application } from '../../shared/repository/applications.ts';
import type { Call } from '../../shared/repository/calls.ts';
import type { Question } from '../../shared/repository/questions.ts';

const app = (language: 'en' | 'fr' | 'es') =>
  ({
    applicationId: 'A1',
    input: { language, organisation: { name: 'Atina', contact: { name: 'Jelena', email: 'jelena@atina.example.org' } }, project: { title: 'Safe house' } },
  }) as unknown as Application;
const call = { title: 'Third cycle' } as Call;

describe("the question's email", () => {
  it.each([
    ['en', 'A question about your application: Safe house', 'Answer it here (you may add one document): https://x/question/R', 'works until 2027-01-02'],
    ['fr', 'Une question sur votre candidature : Safe house', 'Répondez ici (vous pouvez joindre un document) : https://x/question/R', "fonctionne jusqu'au 2027-01-02"],
    ['es', 'Una pregunta sobre su solicitud: Safe house', 'Responda aquí (puede adjuntar un documento): https://x/question/R', 'funciona hasta el 2027-01-02'],
  ] as const)('in %s quotes the question as written and gives the link', (language, subject, answerHere, until) => {
    const mail = questionEmail(app(language), call, 'How many beds?\nAnd since when?', 'https://x/question/R', '2027-01-02T07:00:00.000Z');
    expect(mail.to).toBe('jelena@atina.example.org');
    expect(mail.subject).toBe(subject);
    expect(mail.text).toContain('> How many beds?\n> And since when?');
    expect(mail.text).toContain(answerHere);
    expect(mail.text).toContain(until);
  });
});

describe('a question as the secretariat sees it', () => {
  const question: Question = { questionId: 'Q1', applicationId: 'A1', callId: 'C1', text: 'How many beds?', askedBy: 'officer@fund.example', askedAt: '2026-12-01T00:00:00.000Z', expiresAt: '2026-12-31T00:00:00.000Z', linkHash: 'h' };
  it('is waiting until the link expires, then expired; answered once answered; never with the hash', () => {
    expect(questionView(question, new Date('2026-12-30T23:59:59Z'))).toEqual({ ...question, linkHash: undefined, status: 'waiting' });
    expect(questionView(question, new Date('2026-12-31T00:00:00Z')).status).toBe('expired');
    const answered = questionView({ ...question, answer: { text: '24.', answeredAt: '2027-01-05T00:00:00.000Z' } }, new Date('2027-02-01T00:00:00Z'));
    expect(answered.status).toBe('answered');
    expect(answered).not.toHaveProperty('linkHash');
  });
});
