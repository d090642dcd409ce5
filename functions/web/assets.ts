// Static assets of the web pages, served by the web handler (no external
// resources: the CSP allows only this origin). Plain JavaScript, no framework.

export const STYLE_CSS = String.raw`:root { --ink: #1d1d1f; --muted: #4a4a4f; --accent: #0b5394; --error: #a4000f; --bg: #ffffff; --line: #c8c8cc; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: var(--bg); line-height: 1.5; }
.skip { position: absolute; left: -999px; top: 0; background: var(--accent); color: #fff; padding: .5rem 1rem; }
.skip:focus { left: 0; }
header.site, footer.site { padding: .75rem 1rem; background: #f1f4f8; }
footer.site { margin-top: 3rem; color: var(--muted); font-size: .9rem; }
.brand { font-weight: 700; color: var(--accent); text-decoration: none; }
main { max-width: 48rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; line-height: 1.25; }
a { color: var(--accent); }
.calls { list-style: none; padding: 0; }
.calls li { border: 1px solid var(--line); border-radius: .5rem; padding: 1rem; margin-bottom: 1rem; }
.calls h2 { margin: 0 0 .5rem; font-size: 1.25rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: .5rem 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
fieldset { border: 1px solid var(--line); border-radius: .5rem; margin: 0 0 1.25rem; padding: .75rem 1rem 1rem; min-width: 0; }
legend { font-weight: 700; padding: 0 .25rem; }
.field { margin: .75rem 0; }
.field > label { display: block; font-weight: 600; }
.checkbox { display: flex; flex-wrap: wrap; align-items: baseline; gap: .5rem; }
.checkbox .help, .checkbox .error { flex-basis: 100%; }
.optional { font-weight: 400; color: var(--muted); }
.help { margin: .1rem 0 .35rem; color: var(--muted); font-size: .92rem; }
.error { margin: .25rem 0 0; color: var(--error); font-weight: 600; }
input[type=text], input[type=email], input[type=url], input[type=date], input[type=number], input[type=file], select, textarea { width: 100%; font: inherit; padding: .45rem .5rem; border: 1px solid #767680; border-radius: .3rem; background: #fff; color: var(--ink); }
[aria-invalid=true] { border-color: var(--error); outline: 2px solid var(--error); }
.choices { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; }
.choice { display: inline-flex; gap: .35rem; align-items: baseline; }
button { font: inherit; padding: .55rem 1.1rem; border-radius: .3rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: var(--accent); }
button:focus-visible, a:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 3px solid #ffbf47; outline-offset: 1px; }
.summary { border: 3px solid var(--error); padding: .75rem 1rem; border-radius: .5rem; margin-bottom: 1rem; }
.summary:focus { outline: 3px solid #ffbf47; }
.progress { font-weight: 600; color: var(--accent); }
.status-badge { display: inline-block; padding: .1rem .6rem; border-radius: 1rem; background: #e8eef6; font-weight: 700; }
.status-badge.eligible { background: #dff3e3; color: #0b5d1e; }
.status-badge.ineligible { background: #fbe3e4; color: #8a000d; }
ul.reasons li { margin-bottom: .35rem; }
code { background: #f3f3f5; padding: 0 .25rem; border-radius: .2rem; }
@media (max-width: 30rem) { main { padding: .75rem; } dl.facts { grid-template-columns: 1fr; } }
`;

export const APPLY_JS = String.raw`// The application form, progressively enhanced: builds the JSON body from the
// fields, creates the draft, uploads each document straight to storage with
// its presigned POST, submits, and goes to the status page. Errors from the
// API are shown next to the field whose path they name.
const form = document.querySelector('form[data-apply]');
const progress = document.getElementById('progress');
const summary = document.getElementById('error-summary');
const callId = form.dataset.callId;
const storageKey = 'draft:' + callId;

function say(text) { progress.textContent = text; }

function setPath(target, path, value) {
  const parts = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let node = target;
  parts.forEach(function (part, i) {
    const last = i === parts.length - 1;
    const nextIsIndex = !last && /^\d+$/.test(parts[i + 1]);
    if (last) { node[part] = value; return; }
    if (node[part] === undefined) node[part] = nextIsIndex ? [] : {};
    node = node[part];
  });
}

function collect() {
  const body = {};
  const arrays = {};
  for (const el of form.querySelectorAll('[name]')) {
    if (el.closest('template') || el.type === 'file') continue;
    const type = el.dataset.type;
    const name = el.name;
    if (type === 'enum-array') {
      arrays[name] = arrays[name] || [];
      if (el.tagName === 'SELECT') { for (const o of el.selectedOptions) arrays[name].push(o.value); }
      else if (el.checked) arrays[name].push(el.value);
      continue;
    }
    if (type === 'boolean') { setPath(body, name, el.checked); continue; }
    const raw = el.value.trim();
    if (raw === '') continue;
    if (type === 'integer' || type === 'number') setPath(body, name, Number(raw));
    else setPath(body, name, raw);
  }
  for (const name of Object.keys(arrays)) setPath(body, name, arrays[name]);
  // Repeatable groups: drop holes left by removed rows.
  for (const group of form.querySelectorAll('[data-repeat]')) {
    const parts = group.dataset.repeat.split('.');
    let node = body;
    for (const p of parts.slice(0, -1)) node = node && node[p];
    const key = parts[parts.length - 1];
    if (node) node[key] = (node[key] || []).filter(function (x) { return x !== undefined; });
  }
  return body;
}

function clearErrors() {
  summary.hidden = true;
  summary.innerHTML = '';
  for (const p of form.querySelectorAll('[data-error-for]')) { p.hidden = true; p.textContent = ''; }
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

function containerFor(path) {
  let p = path;
  for (;;) {
    const found = form.querySelector('[data-error-for="' + CSS.escape(p) + '"]');
    if (found) return found;
    const shorter = p.replace(/(\[\d+\]|\.[^.[\]]+)$/, '');
    if (shorter === p || shorter === '') return null;
    p = shorter;
  }
}

function showErrors(message, details) {
  clearErrors();
  const items = [];
  for (const d of details || []) {
    const container = containerFor(d.path);
    const text = d.message;
    if (container) {
      container.hidden = false;
      container.textContent = (container.textContent ? container.textContent + ' ' : '') + text + '.';
      const field = container.closest('[data-field]');
      const control = field && field.querySelector('input, select, textarea');
      if (control) control.setAttribute('aria-invalid', 'true');
      items.push('<li><a href="#' + (control ? control.id : '') + '">' + escapeText(labelFor(field) + ': ' + text) + '</a></li>');
    } else {
      items.push('<li>' + escapeText(d.path + ': ' + text) + '</li>');
    }
  }
  summary.innerHTML = '<h2>There is a problem</h2><p>' + escapeText(message) + '</p>' + (items.length ? '<ul>' + items.join('') + '</ul>' : '');
  summary.hidden = false;
  summary.focus();
}

function labelFor(field) {
  if (!field) return '';
  const label = field.querySelector('label, legend');
  return label ? label.textContent.replace('(optional)', '').trim() : field.dataset.field;
}

function escapeText(text) { const d = document.createElement('div'); d.textContent = text; return d.innerHTML; }

async function api(path, options) {
  const response = await fetch(path, options);
  let body = null;
  try { body = await response.json(); } catch (e) { body = null; }
  return { status: response.status, body: body };
}

function remembered() {
  try { return JSON.parse(sessionStorage.getItem(storageKey) || 'null'); } catch (e) { return null; }
}

async function submitApplication(event) {
  event.preventDefault();
  clearErrors();
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    let draft = remembered();
    if (!draft) {
      say('Saving your application…');
      const created = await api('/calls/' + callId + '/applications', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(collect()),
      });
      if (created.status !== 201) { say(''); showErrors(created.body.error.message, created.body.error.details); return; }
      draft = { applicationId: created.body.applicationId, accessToken: created.body.accessToken };
      sessionStorage.setItem(storageKey, JSON.stringify(draft));
    }
    const auth = { authorization: 'Bearer ' + draft.accessToken };
    const inputs = form.querySelectorAll('input[type=file][data-kind]');
    let n = 0;
    for (const input of inputs) {
      n += 1;
      const file = input.files[0];
      if (!file) continue;
      say('Uploading document ' + n + ' of ' + inputs.length + '…');
      const presign = await api('/applications/' + draft.applicationId + '/documents', {
        method: 'POST',
        headers: Object.assign({ 'content-type': 'application/json' }, auth),
        body: JSON.stringify({ kind: input.dataset.kind, fileName: file.name, contentType: file.type || 'application/octet-stream', size: file.size }),
      });
      if (presign.status !== 201) {
        say('');
        showErrors(presign.body.error.message, (presign.body.error.details || []).map(function (d) { return { path: 'documents.' + input.dataset.kind, message: d.path + ' ' + d.message }; }));
        return;
      }
      const data = new FormData();
      for (const key of Object.keys(presign.body.upload.fields)) data.append(key, presign.body.upload.fields[key]);
      data.append('file', file);
      const upload = await fetch(presign.body.upload.url, { method: 'POST', body: data });
      if (!upload.ok) { say(''); showErrors('The upload did not go through. Please try again.', [{ path: 'documents.' + input.dataset.kind, message: 'upload failed' }]); return; }
    }
    say('Submitting…');
    const submitted = await api('/applications/' + draft.applicationId + '/submit', { method: 'POST', headers: auth });
    if (submitted.status !== 202) { say(''); showErrors(submitted.body.error.message, submitted.body.error.details); return; }
    sessionStorage.removeItem(storageKey);
    sessionStorage.setItem('token:' + draft.applicationId, draft.accessToken);
    say('Submitted. Opening your status page…');
    location.assign('/status/' + draft.applicationId);
  } catch (error) {
    say('');
    showErrors('The connection failed. Your answers are still here: please try again.', []);
  } finally {
    button.disabled = false;
  }
}

function renumber(group) {
  group.querySelectorAll('[data-row]').forEach(function (row, i) {
    for (const el of row.querySelectorAll('[name]')) el.name = el.name.replace(/\[\d+\]/, '[' + i + ']');
    for (const el of row.querySelectorAll('[data-error-for]')) el.dataset.errorFor = el.dataset.errorFor.replace(/\[\d+\]/, '[' + i + ']');
    for (const el of row.querySelectorAll('[data-field]')) el.dataset.field = el.dataset.field.replace(/\[\d+\]/, '[' + i + ']');
    for (const el of row.querySelectorAll('[id]')) el.id = el.id.replace(/-\d+-/, '-' + i + '-');
    for (const el of row.querySelectorAll('label[for]')) el.htmlFor = el.htmlFor.replace(/-\d+-/, '-' + i + '-');
    for (const el of row.querySelectorAll('[aria-describedby]')) el.setAttribute('aria-describedby', el.getAttribute('aria-describedby').replace(/-\d+-/g, '-' + i + '-'));
    const number = row.querySelector('[data-row-number]');
    if (number) number.textContent = String(i + 1);
  });
}

form.addEventListener('click', function (event) {
  const add = event.target.closest('[data-add-row]');
  const remove = event.target.closest('[data-remove-row]');
  if (add) {
    const group = add.closest('[data-repeat]');
    const rows = group.querySelector('[data-rows]');
    const max = Number(group.dataset.max || 50);
    if (rows.children.length >= max) return;
    const html = group.querySelector('template').innerHTML.replace(/__INDEX__/g, String(rows.children.length));
    rows.insertAdjacentHTML('beforeend', html);
    renumber(group);
    const first = rows.lastElementChild.querySelector('input, select, textarea');
    if (first) first.focus();
  }
  if (remove) {
    const group = remove.closest('[data-repeat]');
    remove.closest('[data-row]').remove();
    renumber(group);
  }
});

form.addEventListener('submit', submitApplication);
form.querySelector('[data-js-only]').hidden = false;
`;

export const STATUS_JS = String.raw`// The status page. The access token arrives in the URL fragment of the
// emailed link (never sent to a server), is kept for this tab only, and is
// removed from the address bar at once.
const root = document.getElementById('status');
const applicationId = root.dataset.applicationId;
const key = 'token:' + applicationId;
const fragment = new URLSearchParams(location.hash.slice(1));
if (fragment.get('token')) {
  sessionStorage.setItem(key, fragment.get('token'));
  history.replaceState(null, '', location.pathname);
}

function escapeText(text) { const d = document.createElement('div'); d.textContent = String(text == null ? '' : text); return d.innerHTML; }

const LABELS = { draft: 'Draft', submitted: 'Submitted: checking eligibility…', eligible: 'Eligible', ineligible: 'Not eligible' };

function render(app) {
  const reasons = (app.eligibility && app.eligibility.reasons) || [];
  const rules = (app.priority && app.priority.rules) || [];
  root.innerHTML =
    '<h1>' + escapeText(app.project.title) + '</h1>' +
    '<p>' + escapeText(app.organisation.name) + '</p>' +
    '<p>Status: <span class="status-badge ' + escapeText(app.status) + '" data-status="' + escapeText(app.status) + '">' + escapeText(LABELS[app.status] || app.status) + '</span></p>' +
    (app.eligibility ? (app.eligibility.eligible
      ? '<h2>Eligibility</h2><p>The application meets every eligibility rule of the call.</p>'
      : '<h2>Eligibility</h2><p>The application does not meet these rules:</p><ul class="reasons">' + reasons.map(function (r) { return '<li>' + escapeText(r.message) + ' <code>' + escapeText(r.code) + '</code></li>'; }).join('') + '</ul>') : '') +
    (app.priority ? '<h2>Priority</h2><p><strong data-priority-points>' + escapeText(app.priority.points) + '</strong> priority points.</p>' + (rules.length ? '<ul>' + rules.map(function (r) { return '<li>' + escapeText(r.explanation) + '</li>'; }).join('') + '</ul>' : '') : '') +
    '<h2>Documents</h2><ul>' + app.documents.map(function (d) { return '<li>' + escapeText(d.label) + ': ' + escapeText(d.fileName ? d.fileName + (d.check ? ' (' + d.check.status + ')' : '') : 'not uploaded') + '</li>'; }).join('') + '</ul>';
}

function askForCode(message) {
  root.innerHTML = '<h1>Your application</h1>' + (message ? '<p class="error" role="alert">' + escapeText(message) + '</p>' : '') +
    '<form id="code-form"><div class="field"><label for="code">Access code (from the email we sent you)</label>' +
    '<input id="code" name="code" type="text" autocomplete="off" required></div><button type="submit">Show my application</button></form>';
  document.getElementById('code-form').addEventListener('submit', function (event) {
    event.preventDefault();
    sessionStorage.setItem(key, document.getElementById('code').value.trim());
    load(0);
  });
}

async function load(attempt) {
  const token = sessionStorage.getItem(key);
  if (!token) { askForCode(''); return; }
  const response = await fetch('/applications/' + applicationId, { headers: { authorization: 'Bearer ' + token } });
  if (response.status === 404) { sessionStorage.removeItem(key); askForCode('That access code does not open this application.'); return; }
  const app = await response.json();
  render(app);
  if (app.status === 'submitted' && attempt < 60) setTimeout(function () { load(attempt + 1); }, 2000);
}

load(0);
`;
