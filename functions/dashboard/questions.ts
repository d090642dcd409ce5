// The application page's questions to the applicant (issue 11): each
// question with who asked it and when, its answer and the answer's document
// (a five-minute signed link), and the form that asks a new one (taken by
// functions/dashboard-actions, through the same rule as the API:
// shared/questions.ts). The notice or the problem of the last post is shown
// here, next to the form.
import { now } from '#shared/clock.ts';
import { escapeHtml } from '#shared/http/html.ts';
import type { Application } from '#shared/repository/applications.ts';
import { recordedLinks } from '#shared/repository/document-access.ts';
import type { Question } from '#shared/repository/questions.ts';
import { questionView } from '#shared/questions.ts';

const paragraphs = (text: string) =>
  text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => `<p>${escapeHtml(p).replace(/\r?\n/g, '<br>')}</p>`)
    .join('');

const when = (iso: string) => `<time datetime="${escapeHtml(iso)}">${escapeHtml(iso.slice(0, 16).replace('T', ' '))}</time>`;

/** The answer's document, its link recorded as handed to the member (shared/repository/document-access.ts). */
async function answerDocumentLink(app: Application, key: string, fileName: string, member: string): Promise<string> {
  const [link] = await recordedLinks(app.applicationId, [{ document: 'question-answer', key, fileName }], { who: member, through: 'dashboard', at: now().toISOString() });
  return link!.url;
}

export async function questionsSection(app: Application, questions: readonly Question[], query: Record<string, string | undefined>, member: string): Promise<string> {
  const at = now();
  const items = await Promise.all(
    questions.map(async (question) => {
      const q = questionView(question, at);
      const answer = q.answer
        ? `<p>Answered ${when(q.answer.answeredAt)}:</p><blockquote class="answer">${paragraphs(q.answer.text)}</blockquote>${
            q.answer.documentKey ? `<p>Document: <a href="${escapeHtml(await answerDocumentLink(app, q.answer.documentKey, q.answer.fileName ?? 'answer', member))}">${escapeHtml(q.answer.fileName ?? 'answer')}</a> (the link works for five minutes)</p>` : ''
          }`
        : `<p><strong>${q.status === 'expired' ? 'Not answered; the link has expired' : 'Waiting for the answer'}</strong> (the link works until ${when(q.expiresAt)}).</p>`;
      return `<li><p>Asked by ${escapeHtml(q.askedBy)}, ${when(q.askedAt)}:</p><blockquote class="question">${paragraphs(q.text)}</blockquote>${answer}</li>`;
    }),
  );
  const flash = query.done ? `<p class="notice" role="status">${escapeHtml(query.done)}</p>` : query.problem ? `<p class="summary" role="alert">${escapeHtml(query.problem)}</p>` : '';
  const canAsk = app.status !== 'withdrawn';
  const form = canAsk
    ? `<form method="post" action="/dashboard/applications/${escapeHtml(app.applicationId)}/questions">
<div class="field"><label for="question-text">Ask the applicant</label><p class="help" id="question-help">Sent as written to ${escapeHtml(app.input.organisation.name)}'s contact, in the email of their language (${escapeHtml(app.input.language)}), with a link to answer once within 30 days. 10 to 2,000 characters.</p><textarea id="question-text" name="text" rows="4" minlength="10" maxlength="2000" required aria-describedby="question-help"></textarea></div>
<button type="submit">Send the question</button>
</form>`
    : '<p>The application is withdrawn: no more questions.</p>';
  return `<h2 id="questions">Questions to the applicant</h2>${flash}${items.length ? `<ol class="questions">${items.join('')}</ol>` : '<p>No question asked yet.</p>'}${form}`;
}
