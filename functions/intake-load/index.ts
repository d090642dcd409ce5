import middy from '@middy/core';
import { inspectUpload } from '#shared/adapters/documents.ts';
import type { IntakeFacts, IntakeInput } from '#shared/domain/intake.ts';
import { DOCUMENT_KINDS } from '#shared/domain/vocabulary.ts';
import type { DocumentCheck } from '#shared/domain/eligibility.ts';
import { logger } from '#shared/logger.ts';
import { countOverdueReports, getApplication, listDocuments } from '#shared/repository/applications.ts';
import { getCall } from '#shared/repository/calls.ts';

/** Loads the facts the rules need; the documents are checked again in the bucket. */
export async function loadIntakeFacts({ applicationId }: IntakeInput): Promise<IntakeFacts> {
  const app = await getApplication(applicationId);
  if (!app || !app.submittedAt) throw new Error(`Application ${applicationId} is not submitted`);
  const call = await getCall(app.callId);
  if (!call) throw new Error(`Call ${app.callId} not found`);
  const records = await listDocuments(applicationId);
  const documents: DocumentCheck[] = await Promise.all(
    DOCUMENT_KINDS.map(async (kind): Promise<DocumentCheck> => {
      const doc = records.find((d) => d.kind === kind);
      if (!doc) return { kind, status: 'missing' };
      const { size: _size, ...check } = await inspectUpload(kind, doc.key, doc.contentType);
      return check;
    }),
  );
  const { organisation, project, budget } = app.input;
  return {
    submittedAt: app.submittedAt,
    call: {
      opensAt: call.opensAt,
      closesAt: call.closesAt,
      maxGrantUsd: call.maxGrantUsd,
      minGrantUsd: call.minGrantUsd,
      maxDurationMonths: call.maxDurationMonths,
      minYearsExperience: call.minYearsExperience,
      maxOperationalShare: call.maxOperationalShare,
      actionLines: call.actionLines,
      priorityContexts: call.priorityContexts,
    },
    organisation: {
      type: organisation.type,
      legallyRegistered: organisation.legallyRegistered,
      yearsAssistingVictims: organisation.yearsAssistingVictims,
    },
    project: {
      directAssistance: project.directAssistance,
      durationMonths: project.durationMonths,
      actionLines: project.actionLines,
      countries: project.countries,
      contexts: project.contexts.map(({ context }) => ({ context })),
    },
    budget: {
      requestedUsd: budget.requestedUsd,
      lines: budget.lines.map(({ category, amountUsd }) => ({ category, amountUsd })),
    },
    documents,
    overdueReports: await countOverdueReports(organisation.registrationCountry, organisation.registrationNumber),
  };
}

export const handler = middy<IntakeInput, IntakeFacts>().handler(async (input) => {
  const facts = await loadIntakeFacts(input);
  logger.info('intake facts loaded', { applicationId: input.applicationId });
  return facts;
});
