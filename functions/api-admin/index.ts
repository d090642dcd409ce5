import { CallInput } from '#shared/api/schemas.ts';
import { applicationSummary } from '#shared/api/views.ts';
import { nowIso } from '#shared/clock.ts';
import { httpApi, json, parseJson, pathParam, type HttpEvent } from '#shared/http/api.ts';
import { requireAdmin } from '#shared/http/auth.ts';
import { notFound } from '#shared/http/errors.ts';
import { newId } from '#shared/ids.ts';
import { logger } from '#shared/logger.ts';
import { listApplicationsOfCall } from '#shared/repository/applications.ts';
import { getCall, listCalls, putCall } from '#shared/repository/calls.ts';

async function createCall(event: HttpEvent) {
  requireAdmin(event);
  const input = parseJson(event, CallInput);
  const call = { ...input, callId: newId(), createdAt: nowIso() };
  await putCall(call);
  logger.info('call created', { callId: call.callId });
  return json(201, call, { location: `/admin/calls/${call.callId}` });
}

async function getCalls(event: HttpEvent) {
  requireAdmin(event);
  return json(200, { calls: await listCalls() });
}

async function getApplicationsOfCall(event: HttpEvent) {
  requireAdmin(event);
  const callId = pathParam(event, 'callId');
  if (!(await getCall(callId))) throw notFound();
  const applications = await listApplicationsOfCall(callId);
  return json(200, { callId, applications: applications.map(applicationSummary) });
}

export const handler = httpApi({
  'POST /admin/calls': createCall,
  'GET /admin/calls': getCalls,
  'GET /admin/calls/{callId}/applications': getApplicationsOfCall,
});
