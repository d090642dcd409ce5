import { openApiDocument } from '#shared/api/openapi.ts';
import { applicationFormSchema } from '#shared/api/schemas.ts';
import { publicCall, requiredDocuments } from '#shared/api/views.ts';
import { now } from '#shared/clock.ts';
import { httpApi, json, pathParam, type HttpEvent } from '#shared/http/api.ts';
import { notFound } from '#shared/http/errors.ts';
import { getCall, isOpen, listCalls } from '#shared/repository/calls.ts';

async function getOpenCalls() {
  const at = now();
  const calls = (await listCalls()).filter((call) => isOpen(call, at));
  return json(200, { calls: calls.map((call) => publicCall(call, at)) });
}

async function getOneCall(event: HttpEvent) {
  const call = await getCall(pathParam(event, 'callId'));
  if (!call) throw notFound();
  return json(200, { ...publicCall(call, now()), formSchema: applicationFormSchema(), requiredDocuments: requiredDocuments() });
}

async function getOpenApi() {
  return json(200, openApiDocument());
}

export const handler = httpApi({
  'GET /calls': getOpenCalls,
  'GET /calls/{callId}': getOneCall,
  'GET /openapi.json': getOpenApi,
});
