// `GET /docs`: the OpenAPI description as a page: every route with who may
// call it, what it does, its parameters, body and answers, and the schemas.
// Rendered on the server from the same document as `/openapi.json` (no
// script, no external resource).
import { openApiDocument } from '#shared/api/openapi.ts';
import { escapeHtml } from '#shared/http/html.ts';

type Operation = {
  summary?: string;
  security?: Record<string, unknown>[];
  parameters?: { name: string; in: string; required?: boolean; description?: string }[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses?: Record<string, { description?: string }>;
};

const refName = (ref?: string) => ref?.split('/').at(-1);

export function docsPage(): string {
  const doc = openApiDocument() as unknown as {
    info: { title: string; description: string; version: string };
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, unknown> };
  };
  const who = (op: Operation) =>
    op.security?.some((s) => 'adminToken' in s) ? 'secretariat token' : op.security?.some((s) => 'applicantToken' in s) ? "the application's access token" : 'public or a personal link';
  const operations = Object.entries(doc.paths)
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => {
        const body = refName(Object.values(op.requestBody?.content ?? {})[0]?.schema.$ref);
        const params = (op.parameters ?? []).map((p) => `<li><code>${escapeHtml(p.name)}</code> (${escapeHtml(p.in)}${p.required ? ', required' : ''})${p.description ? `: ${escapeHtml(p.description)}` : ''}</li>`).join('');
        const answers = Object.entries(op.responses ?? {}).map(([code, r]) => `<li><code>${escapeHtml(code)}</code> ${escapeHtml(r.description ?? '')}</li>`).join('');
        return `<section class="operation">
<h3><code>${method.toUpperCase()} ${escapeHtml(path)}</code></h3>
<p>${escapeHtml(op.summary ?? '')}</p>
<p class="help">Who: ${who(op)}</p>
${params ? `<h4>Parameters</h4><ul>${params}</ul>` : ''}
${body ? `<h4>Body</h4><p><a href="#schema-${escapeHtml(body)}">${escapeHtml(body)}</a> (JSON)</p>` : ''}
<h4>Answers</h4><ul>${answers}</ul>
</section>`;
      }),
    )
    .join('\n');
  const schemas = Object.entries(doc.components.schemas)
    .map(([name, schema]) => `<details id="schema-${escapeHtml(name)}"><summary>${escapeHtml(name)}</summary><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></details>`)
    .join('\n');
  return `<h1>${escapeHtml(doc.info.title)} <span class="optional">${escapeHtml(doc.info.version)}</span></h1>
<p>${escapeHtml(doc.info.description)}</p>
<p>The machine-readable description: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Errors always have the shape <code>{ "error": { "code", "message", "details": [{ "path", "message" }] } }</code>.</p>
<h2>Routes</h2>
${operations}
<h2>Schemas</h2>
${schemas}`;
}
