// Static assets of the web pages, served by the web handler from this origin
// (the CSP allows no other source of script or style). Plain JavaScript (ES
// modules, no build step, no framework) and one stylesheet, mobile first.

export const STYLE_CSS = String.raw`:root { --ink: #1d1d1f; --muted: #4a4a4f; --accent: #0b5394; --accent-dark: #083d6d; --error: #a4000f; --ok: #0b5d1e; --bg: #ffffff; --line: #c8c8cc; --focus: #ffbf47; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: var(--bg); line-height: 1.5; font-size: 1rem; }
.skip { position: absolute; left: -999px; top: 0; background: var(--accent); color: #fff; padding: .5rem 1rem; z-index: 10; }
.skip:focus { left: 0; }
.vh { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
header.site, footer.site { padding: .75rem 1rem; background: #f1f4f8; }
header.site { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .5rem 1rem; }
nav.languages ul { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; margin: 0; padding: 0; }
nav.languages a { display: inline-block; padding: .35rem 0; min-height: 2.25rem; }
nav.languages a[aria-current] { font-weight: 700; text-decoration: none; color: var(--ink); }
footer.site { margin-top: 3rem; color: var(--muted); font-size: .9rem; }
.brand { font-weight: 700; color: var(--accent); text-decoration: none; }
main { max-width: 48rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.6rem; line-height: 1.25; overflow-wrap: anywhere; }
h2 { font-size: 1.3rem; line-height: 1.3; }
a { color: var(--accent); }
.calls { list-style: none; padding: 0; }
.calls li { border: 1px solid var(--line); border-radius: .5rem; padding: 1rem; margin-bottom: 1rem; }
.calls h2 { margin: 0 0 .5rem; font-size: 1.25rem; overflow-wrap: anywhere; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; margin: .5rem 0 1rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
a.button { display: inline-block; padding: .55rem 1.1rem; border-radius: .3rem; background: var(--accent); color: #fff; text-decoration: none; font-weight: 600; }
a.button:hover { background: var(--accent-dark); }
fieldset { border: 1px solid var(--line); border-radius: .5rem; margin: 0 0 1.25rem; padding: .75rem 1rem 1rem; min-width: 0; }
fieldset fieldset { border-color: #dcdce0; }
legend { font-weight: 700; padding: 0 .25rem; }
.field { margin: .75rem 0; }
.field > label, .row.single > label { display: block; font-weight: 600; }
.checkbox { display: flex; flex-wrap: wrap; align-items: flex-start; gap: .25rem .6rem; }
.checkbox > input { margin-top: .15rem; }
.checkbox > label { flex: 1 1 0; min-width: 0; font-weight: 600; }
.checkbox .help, .checkbox .error { flex-basis: 100%; }
input[type=checkbox] { width: 1.25rem; height: 1.25rem; margin: 0; flex: none; accent-color: var(--accent); }
.optional { font-weight: 400; color: var(--muted); }
.help { margin: .1rem 0 .35rem; color: var(--muted); font-size: .92rem; }
.error { margin: .25rem 0 0; color: var(--error); font-weight: 600; }
input[type=text], input[type=email], input[type=url], input[type=date], input[type=datetime-local], input[type=password], input[type=number], input[type=file], select, textarea { width: 100%; max-width: 100%; font: inherit; padding: .45rem .5rem; border: 1px solid #767680; border-radius: .3rem; background: #fff; color: var(--ink); min-height: 2.75rem; }
input:disabled, select:disabled, textarea:disabled { background: #f3f3f5; color: #3a3a3f; }
textarea { resize: vertical; }
[aria-invalid=true] { border-color: var(--error); outline: 2px solid var(--error); }
.choices { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; }
.choice { display: inline-flex; gap: .4rem; align-items: center; min-height: 2.25rem; }
.row { margin: .75rem 0; }
.row.single { padding: 0; }
.inline { display: flex; gap: .5rem; align-items: stretch; }
.inline select { flex: 1 1 auto; min-width: 0; }
button { font: inherit; padding: .55rem 1.1rem; border-radius: .3rem; border: 1px solid var(--accent); background: var(--accent); color: #fff; cursor: pointer; min-height: 2.75rem; }
button:hover { background: var(--accent-dark); }
button.secondary { background: #fff; color: var(--accent); }
button.secondary:hover { background: #e8eef6; }
button.small { padding: .3rem .75rem; }
button:disabled { opacity: .7; cursor: not-allowed; }
button:focus-visible, a:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 3px solid var(--focus); outline-offset: 1px; box-shadow: 0 0 0 5px var(--ink); }
.visually-hidden { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
nav.dash { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1rem; margin-bottom: 1rem; }
nav.dash ul { display: flex; gap: 1rem; list-style: none; margin: 0; padding: 0; }
nav.dash form { margin-left: auto; }
nav.dash [aria-current=page] { font-weight: 700; text-decoration: none; }
.table-wrap { overflow-x: auto; margin: 1rem 0; }
table { border-collapse: collapse; width: 100%; }
caption { text-align: left; font-weight: 700; padding: .25rem 0; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
.filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; }
.filters .field { margin: 0; }
.charts { display: grid; gap: 1rem; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); }
.charts figure { margin: 0; }
pre { overflow-x: auto; background: #f6f6f8; padding: .75rem; border-radius: .25rem; font-size: .85rem; }
.operation { border-top: 1px solid var(--line); padding-top: .5rem; }
.operation h3 code { overflow-wrap: anywhere; }
.summary { border: 3px solid var(--error); padding: .75rem 1rem; border-radius: .5rem; margin-bottom: 1rem; }
.summary h2 { margin-top: 0; }
.summary:focus { outline: 3px solid var(--focus); }
.notice { border-left: 6px solid var(--accent); background: #f1f4f8; padding: .75rem 1rem; margin: 0 0 1rem; }
.progress { font-weight: 600; color: var(--accent); min-height: 1.5em; }
nav.steps ol { display: flex; flex-wrap: wrap; gap: .25rem 1rem; list-style: none; margin: 0 0 .5rem; padding: 0; font-size: .92rem; }
nav.steps [aria-current=step] { font-weight: 700; }
.step-buttons { display: flex; flex-wrap: wrap; gap: .5rem; justify-content: space-between; margin: 1rem 0; }
.save-status { margin: 0; padding: .5rem 0; color: var(--muted); border-top: 1px solid var(--line); min-height: 2.5em; }
details.withdraw { margin: 1rem 0; }
details.withdraw summary { cursor: pointer; color: var(--accent); font-weight: 600; min-height: 2.25rem; }
.status-badge { display: inline-block; padding: .1rem .6rem; border-radius: 1rem; background: #e8eef6; color: var(--ink); font-weight: 700; }
.status-badge.eligible { background: #dff3e3; color: var(--ok); }
.status-badge.ineligible { background: #fbe3e4; color: #8a000d; }
ul.reasons li { margin-bottom: .35rem; }
code { background: #f3f3f5; padding: 0 .25rem; border-radius: .2rem; font-size: .9em; overflow-wrap: anywhere; }
@media (max-width: 30rem) { main { padding: .75rem; } dl.facts { grid-template-columns: 1fr; } dl.facts dd { margin-bottom: .4rem; } fieldset { padding: .5rem .75rem .75rem; } }
@media (prefers-reduced-motion: no-preference) { html { scroll-behavior: smooth; } }
`;

export const APPLY_JS = String.raw`// The application form, progressively enhanced, in steps (organisation,
// project, budget, documents, check and submit) with its progress shown.
//
// It saves as the NGO goes: a moment after each change, the first save creates
// the draft (once the organisation's name, registration and contact email are
// there), each later one sends what changed as a JSON Merge Patch. An answer
// the API refuses is marked next to its field and left out of the save, so the
// rest is still saved; a lost connection says "Not saved: retrying" and tries
// again, keeping what was typed. Documents upload as soon as they are chosen
// (once the draft exists). The last step lists what is still missing, each
// item a link to its field.
//
// The draft (id and access token) is kept for this tab (sessionStorage); the
// emailed link and the status page bring the NGO back with "#id=…&token=…" in
// the fragment (never sent to a server), and the form is filled in again from
// the API, its documents listed.
import { escapeText, fill, translate } from '/assets/texts.js';
const form = document.querySelector('form[data-apply]');
const progress = document.getElementById('progress');
const saveStatus = document.getElementById('save-status');
const summary = document.getElementById('error-summary');
const button = form.querySelector('button[type=submit]');
const callId = form.dataset.callId;
const storageKey = 'draft:' + callId;
// The page's texts, in its language (shared/web-i18n.ts), with the patterns that put the API's messages in it.
const T = JSON.parse(form.dataset.texts || '{}');
const SAVE_AFTER_MS = 800;
const MAX_RETRY_MS = 30000;
/** The API's message for an error, in the page's language when the code is known. */
function errorMessage(error) {
  if (error.code === 'DOCUMENTS_INCOMPLETE') return T.documentsIncomplete;
  if (error.code === 'APPLICATION_INCOMPLETE') return T.incomplete;
  if (error.code === 'DUPLICATE_APPLICATION') return T.duplicate;
  return error.message;
}

const EXTENSION_TYPES = {
  pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
};

// sessionStorage can be unavailable (privacy settings): memory is the fallback.
const store = {
  get: function (key) { try { return JSON.parse(sessionStorage.getItem(key) || 'null'); } catch (e) { return null; } },
  set: function (key, value) { try { sessionStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* memory only */ } },
  remove: function (key) { try { sessionStorage.removeItem(key); } catch (e) { /* memory only */ } },
};

let draft = store.get(storageKey);
// Back from the emailed link or the status page: the draft in the fragment, which leaves the address bar at once.
const fragment = new URLSearchParams(location.hash.slice(1));
if (fragment.get('id') && fragment.get('token')) {
  draft = { applicationId: fragment.get('id'), accessToken: fragment.get('token'), uploaded: {} };
  store.set(storageKey, draft);
  history.replaceState(history.state, '', location.pathname + location.search);
}
/** What the server has: the body as last saved (what the next patch is computed against). */
let saved = null;
/** What the API last said is missing. */
let missing = null;
/** The answers the API refused at the last save (left out of it, marked on the page). */
let refusedAtLastSave = [];
/** Body index of a repeatable row → its index on the page (empty rows are left out of the body). */
let rowsOnPage = {};

function say(text) { progress.textContent = text; }
const timeOf = function (date) { return date.toLocaleTimeString(document.documentElement.lang || 'en', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }); };
function timeNow() { return timeOf(new Date()); }

function setPath(target, path, value) {
  const parts = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let node = target;
  parts.forEach(function (part, i) {
    if (i === parts.length - 1) { node[part] = value; return; }
    if (node[part] === undefined) node[part] = /^\d+$/.test(parts[i + 1]) ? [] : {};
    node = node[part];
  });
}
function getPath(source, path) {
  const parts = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let node = source;
  for (const part of parts) { if (node == null) return undefined; node = node[part]; }
  return node;
}
function deletePath(target, path) {
  const parts = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  const last = parts.pop();
  let node = target;
  for (const part of parts) { if (node == null) return; node = node[part]; }
  if (node == null) return;
  if (Array.isArray(node) && /^\d+$/.test(last)) node.splice(Number(last), 1); else delete node[last];
}
const isObject = function (v) { return v !== null && typeof v === 'object' && !Array.isArray(v); };
/** The JSON Merge Patch (RFC 7396) from one body to the next: changed parts, null for what is gone. */
function mergeDiff(before, after) {
  const out = {};
  for (const key of Object.keys(after)) {
    const a = before ? before[key] : undefined;
    const b = after[key];
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    out[key] = isObject(a) && isObject(b) ? mergeDiff(a, b) : b;
  }
  for (const key of Object.keys(before || {})) if (!(key in after)) out[key] = null;
  return out;
}

function isEmptyRow(row) {
  for (const el of row.querySelectorAll('[name]')) {
    if (el.type === 'checkbox' ? el.checked : el.value.trim() !== '') return false;
  }
  return true;
}

function collect() {
  const body = {};
  const renamed = {};
  rowsOnPage = {};
  // Repeatable groups: every group is an array (maybe empty); empty rows are skipped and the rest renumbered.
  for (const group of form.querySelectorAll('[data-repeat]')) {
    const path = group.dataset.repeat;
    setPath(body, path, []);
    let n = 0;
    group.querySelectorAll(':scope > [data-rows] > [data-row]').forEach(function (row, i) {
      if (isEmptyRow(row)) return;
      renamed[path + '[' + i + ']'] = path + '[' + n + ']';
      rowsOnPage[path + '[' + n + ']'] = path + '[' + i + ']';
      n += 1;
    });
  }
  const arrays = {};
  for (const el of form.querySelectorAll('[name]')) {
    if (el.closest('template') || el.type === 'file') continue;
    let name = el.name;
    const row = /^[^[]*\[\d+\]/.exec(name);
    if (row) {
      if (!(row[0] in renamed)) continue; // an empty row
      name = renamed[row[0]] + name.slice(row[0].length);
    }
    const type = el.dataset.type;
    if (type === 'enum-array') {
      arrays[name] = arrays[name] || [];
      if (el.checked) arrays[name].push(el.value);
      continue;
    }
    if (type === 'boolean') { setPath(body, name, el.checked); continue; }
    const raw = el.value.trim();
    if (type === 'integer' || type === 'number') {
      // Something typed that is not a number: send null, so the API says "must be a number", not "is required".
      if (raw === '') { if (el.validity && el.validity.badInput) setPath(body, name, null); continue; }
      setPath(body, name, Number(raw));
      continue;
    }
    if (raw !== '') setPath(body, name, raw);
  }
  for (const name of Object.keys(arrays)) setPath(body, name, arrays[name]);
  return withoutEmptyLists(body);
}

/** An empty list is an answer not given yet (a draft may lack it; a complete application needs at least one). */
function withoutEmptyLists(node) {
  if (!isObject(node)) return node;
  for (const key of Object.keys(node)) {
    if (Array.isArray(node[key]) && node[key].length === 0) delete node[key];
    else withoutEmptyLists(node[key]);
  }
  return node;
}

/** Puts a saved application back into the form: rows first, then every control by its name. */
function fillForm(data) {
  for (const group of form.querySelectorAll('[data-repeat]')) {
    const items = getPath(data, group.dataset.repeat);
    const rows = group.querySelector('[data-rows]');
    const wanted = Array.isArray(items) ? items.length : 0;
    while (rows.children.length < wanted) {
      rows.insertAdjacentHTML('beforeend', group.querySelector(':scope > template').innerHTML.replace(/__INDEX__/g, String(rows.children.length)));
    }
    renumber(group);
  }
  for (const el of form.querySelectorAll('[name]')) {
    if (el.closest('template') || el.type === 'file') continue;
    const value = getPath(data, el.name);
    if (el.dataset.type === 'enum-array') el.checked = Array.isArray(value) && value.indexOf(el.value) >= 0;
    else if (el.dataset.type === 'boolean') el.checked = value === true;
    else el.value = value === undefined || value === null ? '' : String(value);
  }
}

/** The path on the page of a path in the body (rows renumbered by collect). */
function pagePath(path) {
  const row = /^[^[]*\[\d+\]/.exec(path);
  return row && rowsOnPage[row[0]] ? rowsOnPage[row[0]] + path.slice(row[0].length) : path;
}

function clearErrors() {
  summary.hidden = true;
  summary.innerHTML = '';
  for (const p of form.querySelectorAll('[data-error-for]')) { p.hidden = true; p.textContent = ''; }
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
}

/** The error container for a path, or for the nearest enclosing field that has one. */
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

/** The field's own label (without "(optional)" or the hidden parts). */
function ownLabel(field) {
  if (!field) return '';
  const own = field.querySelector('label, legend');
  if (!own) return field.dataset.field;
  const copy = own.cloneNode(true);
  for (const extra of copy.querySelectorAll('.optional, .vh')) extra.remove();
  return copy.textContent.replace(/\s+/g, ' ').trim();
}

/** The label with its row for the summary: "Budget line 2, Amount (US$)". */
function labelFor(field) {
  const text = ownLabel(field);
  const row = field && field.closest('fieldset[data-row]');
  const rowLegend = row && row !== field && row.querySelector('legend');
  return rowLegend ? fill(T.rowField, { row: rowLegend.textContent.trim(), label: text }) : text;
}

/** Marks each detail next to its field; returns the summary's items. */
function markFields(details) {
  const items = [];
  for (const d of details || []) {
    const container = containerFor(pagePath(d.path));
    if (container) {
      const field = container.closest('[data-field]');
      const control = field && field.querySelector('input, select, textarea');
      // API messages name the rule ("must be an email address"); with the label they read as a sentence.
      // Messages that are sentences already (capitalised, e.g. "Budget sheet is not uploaded") stay as they are,
      // unless the page's language has them as a rule too.
      const translated = translate(d.message, T.patterns);
      const sentence = translated === d.message && /^[A-Z\u00C0-\u024F]/.test(d.message);
      container.hidden = false;
      container.textContent = (container.textContent ? container.textContent + ' ' : '') + (sentence ? d.message + '.' : fill(T.field, { label: ownLabel(field), message: translated }));
      if (control) control.setAttribute('aria-invalid', 'true');
      const text = escapeText(sentence ? d.message : fill(T.summaryField, { label: labelFor(field), message: translated }));
      items.push('<li>' + (control ? '<a href="#' + control.id + '">' + text + '</a>' : text) + '</li>');
    } else {
      items.push('<li>' + escapeText(d.path + ': ' + translate(d.message, T.patterns)) + '</li>');
    }
  }
  return items;
}

function showErrors(message, details) {
  clearErrors();
  const items = markFields(details);
  summary.innerHTML = '<h2>' + escapeText(T.problem) + '</h2><p>' + escapeText(message) + '</p>' + (items.length ? '<ul>' + items.join('') + '</ul>' : '');
  summary.hidden = false;
  summary.focus();
}

/** Moves to a field wherever it is: its step first, then the field itself. */
function goToField(id) {
  const target = document.getElementById(id);
  if (!target) return;
  showStep(stepOf(target), false);
  target.focus();
  target.scrollIntoView({ block: 'center' });
}

// Links to fields (the error summary, the list of what is missing) move the focus to the field itself, not only the view.
document.addEventListener('click', function (event) {
  const link = event.target.closest('#error-summary a[href^="#"], [data-missing] a[href^="#"]');
  if (!link) return;
  event.preventDefault();
  goToField(link.getAttribute('href').slice(1));
});

async function api(path, options) {
  const response = await fetch(path, options);
  let body = null;
  try { body = await response.json(); } catch (e) { body = null; }
  const error = (body && body.error) || { code: 'HTTP_' + response.status, message: fill(T.serverAnswered, { status: response.status }) };
  return { status: response.status, body: body, error: error };
}
const auth = function () { return { authorization: 'Bearer ' + draft.accessToken }; };

/** The file chosen for one document input, or what is wrong with it before anything is sent. */
function chosenFile(input) {
  const kind = input.dataset.kind;
  const path = 'documents.' + kind;
  const file = input.files && input.files[0];
  if (!file) return (draft && draft.uploaded && draft.uploaded[kind]) ? null : { problem: { path: path, message: T.fileMissing } };
  const accepted = input.dataset.contentTypes.split(' ');
  const extension = (file.name.split('.').pop() || '').toLowerCase();
  const contentType = accepted.indexOf(file.type) >= 0 ? file.type : EXTENSION_TYPES[extension];
  if (!contentType || accepted.indexOf(contentType) < 0) return { problem: { path: path, message: T.fileType } };
  if (file.size === 0) return { problem: { path: path, message: T.fileEmpty } };
  if (file.size > Number(input.dataset.maxBytes)) return { problem: { path: path, message: fill(T.fileTooLarge, { mb: Math.round(Number(input.dataset.maxBytes) / 1048576) }) } };
  return { item: { kind: kind, path: path, file: file, contentType: contentType, signature: [file.name, file.size, file.lastModified].join(':') } };
}
function chosenFiles() {
  const files = [];
  const problems = [];
  for (const input of form.querySelectorAll('input[type=file][data-kind]')) {
    const chosen = chosenFile(input);
    if (chosen && chosen.problem) problems.push(chosen.problem);
    if (chosen && chosen.item) files.push(chosen.item);
  }
  return { files: files, problems: problems };
}

function keepDraft() { store.set(storageKey, draft); }

function showUploaded(kind, fileName) {
  const field = form.querySelector('[data-field="documents.' + kind + '"]');
  if (!field) return;
  let note = field.querySelector('[data-uploaded]');
  if (!note) {
    note = document.createElement('p');
    note.className = 'help';
    note.setAttribute('data-uploaded', '');
    field.insertBefore(note, field.querySelector('[data-error-for]'));
  }
  note.textContent = fill(T.uploaded, { file: fileName });
}

function goToStatus() {
  const target = '/status/' + encodeURIComponent(draft.applicationId) + '#token=' + encodeURIComponent(draft.accessToken);
  store.set('token:' + draft.applicationId, draft.accessToken);
  store.remove(storageKey);
  location.assign(target);
}

// ——— Saving as the NGO goes ———

let saveTimer = null;
let saving = false;
let saveAgain = false;
let retryMs = 0;

function setSaveStatus(text) { saveStatus.textContent = text; }
function startFieldsFilled(body) {
  const o = body.organisation || {};
  return Boolean(o.name && o.registrationNumber && o.registrationCountry && o.contact && o.contact.email);
}
function scheduleSave() {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(saveNow, retryMs || SAVE_AFTER_MS);
}

/** Saves what changed; answers the API refuses are marked and left out, so the rest is saved. Returns true once saved. */
async function saveNow() {
  if (saving) { saveAgain = true; return false; }
  saving = true;
  let done = false;
  try {
    let body = collect();
    if (!draft && !startFieldsFilled(body)) { setSaveStatus(T.startHint); return false; }
    let refused = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      const changes = draft ? mergeDiff(saved, body) : body;
      if (draft && Object.keys(changes).length === 0) { done = true; break; }
      const result = draft
        ? await api('/applications/' + encodeURIComponent(draft.applicationId), { method: 'PATCH', headers: Object.assign({ 'content-type': 'application/merge-patch+json' }, auth()), body: JSON.stringify(changes) })
        : await api('/calls/' + encodeURIComponent(callId) + '/applications', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      if (result.status === 200 || result.status === 201) {
        if (result.status === 201) {
          draft = { applicationId: result.body.applicationId, accessToken: result.body.accessToken, uploaded: {} };
          keepDraft();
          uploadChosen();
        }
        if (typeof result.body.contactConfirmed === 'boolean') showConfirmation(result.body.contactConfirmed);
        saved = body;
        missing = result.body.missing || missing;
        done = true;
        break;
      }
      if (result.status === 400 && result.error.details && result.error.details.length) {
        // Leave the refused answers out and save the rest; they stay marked until corrected.
        refused = refused.concat(result.error.details);
        body = JSON.parse(JSON.stringify(body));
        for (const d of result.error.details) deletePath(body, d.path);
        if (!draft && !startFieldsFilled(body)) break;
        continue;
      }
      if (result.status === 409 && draft && (result.error.code === 'APPLICATION_ALREADY_SUBMITTED' || result.error.code === 'APPLICATION_WITHDRAWN')) { goToStatus(); return false; }
      if (result.status === 404 && draft) { draft = null; saved = null; store.remove(storageKey); showErrors(T.draftGone, []); return false; }
      showErrors(result.error.code === 'DUPLICATE_APPLICATION' ? T.duplicate + ' ' + T.duplicateHint : errorMessage(result.error), result.error.details);
      return false;
    }
    retryMs = 0;
    refusedAtLastSave = refused;
    for (const p of form.querySelectorAll('[data-error-for]:not([data-error-for^="documents."])')) { p.hidden = true; p.textContent = ''; }
    for (const el of form.querySelectorAll('[aria-invalid]')) if (!el.closest('[data-field^="documents."]')) el.removeAttribute('aria-invalid');
    markFields(refused);
    if (done) setSaveStatus(fill(refused.length ? T.notSavedFields : T.savedAt, { time: timeNow() }));
    else if (refused.length) setSaveStatus(T.startHint);
    if (steps[current] && steps[current].check) renderCheck();
    return done && refused.length === 0;
  } catch (error) {
    // Offline or the server unreachable: keep everything on the page and try again, less and less often.
    retryMs = Math.min(MAX_RETRY_MS, retryMs ? retryMs * 2 : 2000);
    setSaveStatus(T.notSavedRetrying);
    scheduleSave();
    return false;
  } finally {
    saving = false;
    if (saveAgain) { saveAgain = false; scheduleSave(); }
  }
}

form.addEventListener('input', function (event) { if (event.target.type !== 'file') scheduleSave(); });
form.addEventListener('change', function (event) {
  if (event.target.type === 'file') { uploadOne(event.target); return; }
  scheduleSave();
});
window.addEventListener('online', function () { if (retryMs) { retryMs = 0; scheduleSave(); } });

// ——— Documents ———

async function upload(item) {
  const presign = await api('/applications/' + encodeURIComponent(draft.applicationId) + '/documents', {
    method: 'POST',
    headers: Object.assign({ 'content-type': 'application/json' }, auth()),
    body: JSON.stringify({ kind: item.kind, fileName: item.file.name, contentType: item.contentType, size: item.file.size }),
  });
  if (presign.status === 409) { goToStatus(); return 'left'; } // submitted already, from another tab
  if (presign.status !== 201) {
    showErrors(errorMessage(presign.error), (presign.error.details || [{ path: '', message: T.notSent }]).map(function (d) {
      return { path: item.path, message: (d.path ? d.path + ' ' : '') + translate(d.message, T.patterns) };
    }));
    return 'failed';
  }
  // The presigned POST: its fields first, the file last (S3 ignores fields after the file).
  const data = new FormData();
  const fields = presign.body.upload.fields;
  for (const key of Object.keys(fields)) data.append(key, fields[key]);
  data.append('file', item.file);
  let stored;
  try { stored = await fetch(presign.body.upload.url, { method: 'POST', body: data }); } catch (e) { stored = null; }
  if (!stored || !stored.ok) {
    showErrors(T.uploadFailed, [
      { path: item.path, message: fill(T.didNotUpload, { storage: stored ? fill(T.storageAnswered, { status: stored.status }) : '' }) },
    ]);
    return 'failed';
  }
  draft.uploaded = draft.uploaded || {};
  draft.uploaded[item.kind] = item.signature;
  keepDraft();
  showUploaded(item.kind, item.file.name);
  // Its earlier failure is over; so is the summary, if that was all it said.
  const error = form.querySelector('[data-error-for="' + item.path + '"]');
  if (error) { error.hidden = true; error.textContent = ''; }
  const input = form.querySelector('input[type=file][data-kind="' + item.kind + '"]');
  if (input) input.removeAttribute('aria-invalid');
  if (!form.querySelector('[data-error-for]:not([hidden])')) { summary.hidden = true; summary.innerHTML = ''; }
  if (missing) missing = missing.filter(function (m) { return m.path !== item.path; });
  if (steps[current] && steps[current].check) renderCheck();
  return 'done';
}

/** A document chosen: checked at once, uploaded at once if the draft exists (else after its first save). */
async function uploadOne(input) {
  const chosen = chosenFile(input);
  const error = form.querySelector('[data-error-for="documents.' + input.dataset.kind + '"]');
  error.hidden = true; error.textContent = ''; input.removeAttribute('aria-invalid');
  if (!chosen || !chosen.item) { if (chosen && chosen.problem && input.files && input.files[0]) markFields([chosen.problem]); return; }
  if (!draft || (draft.uploaded && draft.uploaded[chosen.item.kind] === chosen.item.signature)) return;
  say(fill(T.uploading, { n: 1, total: 1, file: chosen.item.file.name }));
  try { await upload(chosen.item); } catch (e) { showErrors(T.connection, []); }
  say('');
}
function uploadChosen() { for (const input of form.querySelectorAll('input[type=file][data-kind]')) if (input.files && input.files[0]) uploadOne(input); }

// ——— Steps ———

const sections = Array.from(form.children).filter(function (el) { return el.matches('[data-field], [data-check-step]'); });
const steps = [];
for (const el of sections) {
  // The language goes with the organisation: the first step starts at the top of the form.
  if (el.matches('[data-check-step]')) steps.push({ name: T.checkStep, els: [el], check: true });
  else if (el.tagName === 'FIELDSET') {
    const last = steps[steps.length - 1];
    if (last && !last.name) { last.els.push(el); last.name = ownLabel(el); } else steps.push({ name: ownLabel(el), els: [el] });
  } else if (steps.length && !steps[steps.length - 1].name) steps[steps.length - 1].els.push(el);
  else steps.push({ name: '', els: [el] });
}
let current = 0;
const stepper = document.getElementById('steps');
const stepTitle = document.getElementById('step-title');
const backButton = form.querySelector('[data-step-back]');
const nextButton = form.querySelector('[data-step-next]');

function stepOf(el) {
  for (let i = 0; i < steps.length; i++) if (steps[i].els.some(function (s) { return s.contains(el); })) return i;
  return current;
}

function showStep(n, focus) {
  current = Math.max(0, Math.min(steps.length - 1, n));
  steps.forEach(function (step, i) { for (const el of step.els) el.hidden = i !== current; });
  stepper.innerHTML = steps.map(function (step, i) {
    const label = escapeText((i + 1) + '. ' + step.name);
    return '<li>' + (i === current ? '<span aria-current="step">' + label + '</span>' : '<a href="#step-' + (i + 1) + '" data-goto-step="' + i + '">' + label + '</a>') + '</li>';
  }).join('');
  stepTitle.textContent = fill(T.step, { n: current + 1, total: steps.length, name: steps[current].name });
  backButton.hidden = current === 0;
  nextButton.hidden = current === steps.length - 1;
  if (current > 0) backButton.textContent = fill(T.back, { name: steps[current - 1].name });
  if (current < steps.length - 1) nextButton.textContent = fill(T.next, { name: steps[current + 1].name });
  if (steps[current].check) { renderCheck(); refreshMissing(); }
  if (focus) { stepTitle.focus(); stepTitle.scrollIntoView({ block: 'start' }); }
}

stepper.addEventListener('click', function (event) {
  const link = event.target.closest('[data-goto-step]');
  if (!link) return;
  event.preventDefault();
  showStep(Number(link.dataset.gotoStep), true);
});
backButton.addEventListener('click', function () { showStep(current - 1, true); });
nextButton.addEventListener('click', function () { saveNow(); showStep(current + 1, true); });

/** The id of a path's control on the page: fields by their name, documents by their kind. */
function controlId(path) {
  if (path.indexOf('documents.') === 0) return 'doc-' + path.slice('documents.'.length);
  const field = form.querySelector('[data-field="' + CSS.escape(pagePath(path)) + '"]');
  const control = field && field.querySelector('input, select, textarea');
  return control ? control.id : '';
}

function renderCheck() {
  const box = form.querySelector('[data-missing]');
  if (!missing) { box.innerHTML = ''; return; }
  const items = missing.filter(function (m) { return !(m.path.indexOf('documents.') === 0 && draft && draft.uploaded && draft.uploaded[m.path.slice(10)]); });
  box.innerHTML = items.length
    ? '<p>' + escapeText(T.missingIntro) + '</p><ul>' + items.map(function (m) {
        const id = controlId(m.path);
        return '<li>' + (id ? '<a href="#' + id + '">' + escapeText(m.message) + '</a>' : escapeText(m.message)) + '</li>';
      }).join('') + '</ul>'
    : '<p>' + escapeText(T.nothingMissing) + '</p>';
}

async function refreshMissing() {
  if (!draft) { missing = null; renderCheck(); return; }
  await saveNow();
  try {
    const read = await api('/applications/' + encodeURIComponent(draft.applicationId), { headers: auth() });
    if (read.status === 200 && read.body.missing) { missing = read.body.missing; renderCheck(); }
  } catch (e) { /* the list stays as it was */ }
}

// ——— Submitting ———

/** The confirmation code's field: shown while the contact address is not confirmed (shared/contact-confirmation.ts). */
const confirmBox = form.querySelector('[data-confirm]');
const confirmInput = document.getElementById('f-confirmationCode');
function showConfirmation(confirmed) { confirmBox.hidden = confirmed; }

let busy = false;

async function submitApplication(event) {
  event.preventDefault();
  if (busy) return;
  busy = true;
  button.disabled = true;
  clearErrors();
  try {
    say(T.saving);
    const chosen = chosenFiles();
    await saveNow();
    if (!draft) { say(''); showErrors(T.correct, [{ path: 'organisation.name', message: T.startHint }]); return; }
    if (refusedAtLastSave.length > 0) { say(''); showErrors(T.correct, refusedAtLastSave); return; }
    // A wrong file is named at once; a missing one goes to the API, which lists it with every other missing answer.
    const wrongFiles = chosen.problems.filter(function (p) { return p.message !== T.fileMissing; });
    if (wrongFiles.length > 0) {
      say('');
      showErrors(T.addDocuments, wrongFiles);
      return;
    }
    draft.uploaded = draft.uploaded || {};
    const pending = chosen.files.filter(function (item) { return draft.uploaded[item.kind] !== item.signature; });
    for (let i = 0; i < pending.length; i++) {
      say(fill(T.uploading, { n: i + 1, total: pending.length, file: pending[i].file.name }));
      const result = await upload(pending[i]);
      if (result !== 'done') { if (result === 'failed') say(''); return; }
    }
    say(T.submitting);
    // The contact address's confirmation code, when the form asks for it (the API says whether it is needed).
    const code = confirmBox.hidden ? '' : confirmInput.value.trim();
    const submitted = await api('/applications/' + encodeURIComponent(draft.applicationId) + '/submit', code
      ? { method: 'POST', headers: Object.assign({ 'content-type': 'application/json' }, auth()), body: JSON.stringify({ confirmationCode: code }) }
      : { method: 'POST', headers: auth() });
    if (submitted.status === 202) {
      say(T.submitted);
      goToStatus();
      return;
    }
    say('');
    if (submitted.status === 422) {
      if ((submitted.error.details || []).some(function (d) { return d.path === 'confirmationCode'; })) showConfirmation(false);
      // A document that failed its check is uploaded again next time.
      for (const d of submitted.error.details || []) {
        if (d.path.indexOf('documents.') === 0 && draft.uploaded) delete draft.uploaded[d.path.slice(10)];
      }
      keepDraft();
    }
    showErrors(errorMessage(submitted.error), submitted.error.details);
  } catch (error) {
    say('');
    showErrors(T.connection, []);
  } finally {
    busy = false;
    button.disabled = false;
  }
}

// Repeatable groups: add and remove rows, keeping names, ids and labels numbered in order.
function renumber(group) {
  const path = group.dataset.repeat;
  const rows = group.querySelectorAll(':scope > [data-rows] > [data-row]');
  const at = function (text, i) { return text.split(path + '[').map(function (part, j) { return j === 0 ? part : part.replace(/^\d+\]/, i + ']'); }).join(path + '['); };
  const idPrefix = 'f-' + path.replace(/[^\w]+/g, '-') + '-';
  const atId = function (text, i) { return text.split(idPrefix).map(function (part, j) { return j === 0 ? part : part.replace(/^\d+-/, i + '-'); }).join(idPrefix); };
  rows.forEach(function (row, i) {
    if (row.dataset.field) row.dataset.field = at(row.dataset.field, i);
    for (const el of row.querySelectorAll('[name]')) el.name = at(el.name, i);
    for (const el of row.querySelectorAll('[data-error-for]')) el.dataset.errorFor = at(el.dataset.errorFor, i);
    for (const el of row.querySelectorAll('[data-field]')) el.dataset.field = at(el.dataset.field, i);
    for (const el of row.querySelectorAll('[id]')) el.id = atId(el.id, i);
    for (const el of row.querySelectorAll('label[for]')) el.htmlFor = atId(el.htmlFor, i);
    for (const el of row.querySelectorAll('[aria-describedby]')) el.setAttribute('aria-describedby', atId(el.getAttribute('aria-describedby'), i));
    for (const el of row.querySelectorAll('[data-row-number]')) el.textContent = String(i + 1);
  });
  const add = group.querySelector(':scope > [data-add-row]');
  add.disabled = rows.length >= Number(group.dataset.max || 50);
}

form.addEventListener('click', function (event) {
  const add = event.target.closest('[data-add-row]');
  const remove = event.target.closest('[data-remove-row]');
  if (add) {
    const group = add.closest('[data-repeat]');
    const rows = group.querySelector('[data-rows]');
    if (rows.children.length >= Number(group.dataset.max || 50)) return;
    const html = group.querySelector(':scope > template').innerHTML.replace(/__INDEX__/g, String(rows.children.length));
    rows.insertAdjacentHTML('beforeend', html);
    renumber(group);
    const first = rows.lastElementChild.querySelector('input, select, textarea');
    if (first) first.focus();
    say('');
  }
  if (remove) {
    const group = remove.closest('[data-repeat]');
    remove.closest('[data-row]').remove();
    renumber(group);
    group.querySelector(':scope > [data-add-row]').focus();
    say(fill(T.removed, { group: ownLabel(group), n: group.querySelectorAll(':scope > [data-rows] > [data-row]').length }));
    scheduleSave();
  }
});

/** Back into a saved draft: its answers and documents from the API. */
async function resume() {
  let read;
  try { read = await api('/applications/' + encodeURIComponent(draft.applicationId), { headers: auth() }); } catch (e) { setSaveStatus(T.notSavedRetrying); return; }
  if (read.status === 404) { draft = null; store.remove(storageKey); return; }
  if (read.status !== 200) return;
  if (read.body.status !== 'draft') { goToStatus(); return; }
  fillForm(read.body.application);
  // The answers as the server has them (the form may show them differently, e.g. a checkbox never absent): the next save says the difference.
  saved = read.body.application;
  draft.uploaded = draft.uploaded || {};
  for (const doc of read.body.documents || []) {
    if (doc.fileName) { draft.uploaded[doc.kind] = draft.uploaded[doc.kind] || 'saved'; showUploaded(doc.kind, doc.fileName); }
  }
  keepDraft();
  if (typeof read.body.contactConfirmed === 'boolean') showConfirmation(read.body.contactConfirmed);
  missing = read.body.missing || null;
  setSaveStatus(T.resumed + ' ' + fill(T.savedAt, { time: timeOf(new Date(read.body.updatedAt || read.body.createdAt)) }));
}

form.addEventListener('submit', submitApplication);
for (const group of form.querySelectorAll('[data-repeat]')) renumber(group);
for (const el of document.querySelectorAll('[data-js-only]')) el.hidden = false;
(draft ? resume() : Promise.resolve()).then(function () { showStep(0, false); if (!draft) setSaveStatus(T.startHint); });
`;

export const STATUS_JS = String.raw`// The status page. The access token arrives in the URL fragment of the
// emailed link (fragments are never sent to a server); the script keeps it for
// this tab only (sessionStorage) and removes it from the address bar at once,
// so it does not stay in the history or get shared with a copied link. Without
// a token the page asks for the access code from the email.
//
// The page carries its texts in English, French and Spanish (data-texts, from
// shared/web-i18n.ts): until the API answers it speaks the page's language,
// then the application's own. Eligibility reasons come from the API as the
// emails' sentences, in the application's language (\`text\`).
import { escapeText, fill, translate } from '/assets/texts.js';
const root = document.getElementById('status');
const announce = document.getElementById('announce');
const applicationId = root.dataset.applicationId;
const TEXTS = JSON.parse(root.dataset.texts || '{}');
let lang = TEXTS[root.dataset.lang] ? root.dataset.lang : 'en';
let T = TEXTS[lang];
const key = 'token:' + applicationId;
const POLL_EVERY_MS = 2000;
const MAX_POLLS = 60;

function readToken() { try { return sessionStorage.getItem(key); } catch (e) { return null; } }
function keepToken(value) { try { if (value) sessionStorage.setItem(key, value); else sessionStorage.removeItem(key); } catch (e) { /* memory only */ } }

let token = readToken();
const fragment = new URLSearchParams(location.hash.slice(1));
if (fragment.get('token')) {
  token = fragment.get('token');
  keepToken(token);
  history.replaceState(history.state, '', location.pathname + location.search);
}

function humanise(code) { const t = String(code).replace(/-/g, ' '); return t.charAt(0).toUpperCase() + t.slice(1); }
function dateOf(iso) {
  return iso ? '<time datetime="' + escapeText(iso) + '">' + escapeText(new Date(iso).toLocaleString(T.locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC') + '</time>' : '';
}
function statusLabel(status) { return T.statuses[status] || humanise(status); }

/** Speak the application's language from now on. */
function useLanguage(language) {
  if (!TEXTS[language] || language === lang) return;
  lang = language;
  T = TEXTS[lang];
  document.documentElement.lang = lang;
  document.title = T.title + ' · ' + T.chrome.site;
  // The layout's own texts follow.
  const skip = document.querySelector('a.skip');
  const brand = document.querySelector('header.site .brand');
  const footer = document.querySelector('footer.site p');
  if (skip) skip.textContent = T.chrome.skip;
  if (brand) { brand.textContent = T.chrome.brand; brand.setAttribute('href', lang === 'en' ? '/' : '/?lang=' + lang); }
  if (footer) footer.textContent = T.chrome.footer;
}

function eligibilityHtml(app) {
  if (!app.eligibility) return '';
  if (app.eligibility.eligible) {
    return '<h2>' + escapeText(T.eligibility) + '</h2><p>' + escapeText(T.eligible) + '</p>';
  }
  return '<h2>' + escapeText(T.eligibility) + '</h2><p>' + escapeText(T.ineligible) + '</p><ul class="reasons">' +
    app.eligibility.reasons.map(function (r) { return '<li>' + escapeText(r.text || r.message) + ' <code>' + escapeText(r.code) + '</code></li>'; }).join('') + '</ul>';
}

function ruleText(r) {
  const why = [];
  if (r.declared) why.push(T.declared);
  if (r.countries && r.countries.length) why.push(fill(T.implied, { countries: r.countries.join(', ') }));
  if (!why.length) return r.explanation;
  return fill(T.rule, { code: r.context, context: T.contexts[r.context] || humanise(r.context), points: r.points, why: why.join(T.and) });
}

function priorityHtml(app) {
  if (!app.priority) return '';
  const rules = app.priority.rules || [];
  return '<h2>' + escapeText(T.priority) + '</h2><p><strong data-priority-points>' + escapeText(app.priority.points) + '</strong> ' + escapeText(T.priorityPoints) +
    (rules.length ? escapeText(T.colon) + '</p><ul>' + rules.map(function (r) { return '<li>' + escapeText(ruleText(r)) + '</li>'; }).join('') + '</ul>' : '. ' + escapeText(T.noContexts) + '</p>');
}

function documentsHtml(app) {
  return '<h2>' + escapeText(T.documents) + '</h2><ul>' + (app.documents || []).map(function (d) {
    const state = !d.fileName ? escapeText(T.notUploaded)
      : escapeText(d.fileName) + (d.check ? ', ' + escapeText(T.checks[d.check.status] || d.check.status) + (d.check.problem ? ': ' + escapeText(translate(d.check.problem, T.patterns)) : '') : '');
    return '<li>' + fill(escapeText(T.documentLine), { label: escapeText(T.documentLabels[d.kind] || d.label), state: state }) + '</li>';
  }).join('') + '</ul>';
}

let shown = '';
let shownStatus = '';

/** The form, back in the draft: the id and token in the fragment (never sent to a server), in the application's language. */
function formLink(app) {
  return '/apply/' + encodeURIComponent(app.callId) + '?lang=' + encodeURIComponent(lang) + '#id=' + encodeURIComponent(app.applicationId) + '&token=' + encodeURIComponent(token);
}

function actionsHtml(app) {
  const actions = app.actions || {};
  let html = '';
  if (app.status === 'draft') {
    html += '<p>' + escapeText(T.draftNote) + '</p><p><a class="button" data-continue href="' + escapeText(formLink(app)) + '">' + escapeText(T.continueDraft) + '</a></p>';
    if (app.missing && app.missing.length) html += '<h2>' + escapeText(T.missingIntro) + '</h2><ul>' + app.missing.map(function (m) { return '<li>' + escapeText(m.message) + '</li>'; }).join('') + '</ul>';
  }
  if (app.status === 'withdrawn') html += '<p>' + escapeText(T.withdrawnNote) + '</p>';
  // The contact's own: who works on the draft with them (collaborators see no such list).
  if (app.status === 'draft' && app.collaborators) {
    html += '<h2>' + escapeText(T.collaborators) + '</h2>' + (app.collaborators.length
      ? '<ul>' + app.collaborators.map(function (c) {
          const who = c.name ? c.name + ' (' + c.email + ')' : c.email;
          return '<li>' + escapeText(who) + ' <button type="button" class="secondary small" data-remove-collaborator="' + escapeText(c.collaboratorId) + '">' + escapeText(T.removeCollaborator) + '<span class="vh"> ' + escapeText(who) + '</span></button></li>';
        }).join('') + '</ul>'
      : '<p>' + escapeText(T.noCollaborators) + '</p>') +
      '<form data-invite><div class="field"><label for="invite-email">' + escapeText(T.inviteEmail) + '</label><input type="email" id="invite-email" name="email" autocomplete="off" required></div>' +
      '<div class="field"><label for="invite-name">' + escapeText(T.inviteName) + '</label><input type="text" id="invite-name" name="name" autocomplete="off"></div>' +
      '<p class="error" id="invite-error" role="alert" hidden></p><button type="submit">' + escapeText(T.invite) + '</button></form>';
  }
  if (actions.reopen) html += '<p>' + escapeText(T.reopenNote) + '</p><p><button type="button" class="secondary" data-reopen>' + escapeText(T.reopen) + '</button></p>';
  if (actions.withdraw) {
    html += '<details class="withdraw"><summary>' + escapeText(T.withdrawTitle) + '</summary><form data-withdraw><p>' + escapeText(T.withdrawNote) + '</p>' +
      '<div class="field"><label for="withdraw-reason">' + escapeText(T.withdrawReason) + '</label><textarea id="withdraw-reason" name="reason" rows="3" maxlength="1000"></textarea></div>' +
      '<button type="submit">' + escapeText(T.withdraw) + '</button></form></details>';
  }
  return html;
}

root.addEventListener('click', async function (event) {
  if (!event.target.closest('[data-reopen]')) return;
  const response = await fetch('/applications/' + encodeURIComponent(applicationId) + '/reopen', { method: 'POST', headers: { authorization: 'Bearer ' + token } });
  if (response.ok) { location.assign(formLink(await response.json())); return; }
  load(0, 0);
});
root.addEventListener('click', async function (event) {
  const remove = event.target.closest('[data-remove-collaborator]');
  if (!remove) return;
  await fetch('/applications/' + encodeURIComponent(applicationId) + '/collaborators/' + encodeURIComponent(remove.dataset.removeCollaborator), { method: 'DELETE', headers: { authorization: 'Bearer ' + token } });
  shown = '';
  load(0, 0);
});
root.addEventListener('submit', async function (event) {
  const invite = event.target.closest('[data-invite]');
  if (!invite) return;
  event.preventDefault();
  const email = invite.querySelector('[name=email]').value.trim();
  const name = invite.querySelector('[name=name]').value.trim();
  const response = await fetch('/applications/' + encodeURIComponent(applicationId) + '/collaborators', {
    method: 'POST',
    headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' },
    body: JSON.stringify(name ? { email: email, name: name } : { email: email }),
  });
  if (response.status === 201) { shown = ''; load(0, 0); return; }
  let body = null;
  try { body = await response.json(); } catch (e) { body = null; }
  const error = document.getElementById('invite-error');
  const detail = body && body.error && body.error.details && body.error.details[0];
  error.textContent = detail ? T.inviteEmail + ' ' + translate(detail.message, T.patterns) : (body && body.error ? body.error.message : String(response.status));
  error.hidden = false;
  invite.querySelector('[name=email]').setAttribute('aria-invalid', 'true');
  invite.querySelector('[name=email]').focus();
});
root.addEventListener('submit', async function (event) {
  const withdrawForm = event.target.closest('[data-withdraw]');
  if (!withdrawForm) return;
  event.preventDefault();
  const reason = withdrawForm.querySelector('textarea').value.trim();
  await fetch('/applications/' + encodeURIComponent(applicationId) + '/withdraw', {
    method: 'POST',
    headers: { authorization: 'Bearer ' + token, 'content-type': 'application/json' },
    body: JSON.stringify(reason ? { reason: reason } : {}),
  });
  shown = '';
  load(0, 0);
});

function render(app, slow) {
  const html =
    '<h1>' + escapeText((app.project && app.project.title) || app.organisation.name) + '</h1>' +
    '<dl class="facts">' +
    '<dt>' + escapeText(T.organisation) + '</dt><dd>' + escapeText(app.organisation.name) + '</dd>' +
    '<dt>' + escapeText(T.status) + '</dt><dd><span class="status-badge ' + escapeText(app.status) + '" data-status="' + escapeText(app.status) + '">' + escapeText(statusLabel(app.status)) + '</span></dd>' +
    (app.submittedAt ? '<dt>' + escapeText(T.submittedAt) + '</dt><dd>' + dateOf(app.submittedAt) + '</dd>' : '') +
    (app.decidedAt ? '<dt>' + escapeText(T.decidedAt) + '</dt><dd>' + dateOf(app.decidedAt) + '</dd>' : '') +
    '</dl>' +
    (slow ? '<p class="help">' + escapeText(T.slow) + '</p>' : '') +
    eligibilityHtml(app) + priorityHtml(app) + actionsHtml(app) + documentsHtml(app);
  // Re-render only what changed, and announce only a change of status (not every poll).
  if (html !== shown) { root.innerHTML = html; shown = html; }
  if (app.status !== shownStatus) {
    if (shownStatus) announce.textContent = fill(T.announce, { status: statusLabel(app.status) });
    shownStatus = app.status;
  }
}

function askForCode(message) {
  shown = '';
  root.innerHTML = '<h1>' + escapeText(T.title) + '</h1>' + (message ? '<p class="error" role="alert">' + escapeText(message) + '</p>' : '') +
    '<p>' + escapeText(T.askCode) + '</p>' +
    '<form id="code-form"><div class="field"><label for="code">' + escapeText(T.accessCode) + '</label>' +
    '<input id="code" name="code" type="text" autocomplete="off" autocapitalize="off" spellcheck="false" required></div><button type="submit">' + escapeText(T.show) + '</button></form>';
  document.getElementById('code-form').addEventListener('submit', function (event) {
    event.preventDefault();
    const value = document.getElementById('code').value.trim();
    if (!value) { askForCode(T.pasteCode); document.getElementById('code').focus(); return; }
    token = value;
    keepToken(token);
    load(0, 0);
  });
}

async function load(polls, failures) {
  if (!token) { askForCode(''); return; }
  let response;
  try {
    response = await fetch('/applications/' + encodeURIComponent(applicationId), { headers: { authorization: 'Bearer ' + token } });
  } catch (e) {
    response = null;
  }
  if (response && response.status === 404) {
    token = null;
    keepToken(null);
    askForCode(T.wrongCode);
    return;
  }
  if (!response || !response.ok) {
    // Bounded retries with a growing pause, then a plain message.
    if (failures < 5) { setTimeout(function () { load(polls, failures + 1); }, POLL_EVERY_MS * (failures + 1)); return; }
    root.innerHTML = '<h1>' + escapeText(T.title) + '</h1><p class="error" role="alert">' + escapeText(T.unreachable) + '</p>';
    shown = '';
    return;
  }
  const app = await response.json();
  useLanguage(app.application && app.application.language);
  const waiting = app.status === 'submitted';
  render(app, waiting && polls >= MAX_POLLS);
  if (waiting && polls < MAX_POLLS) setTimeout(function () { load(polls + 1, 0); }, POLL_EVERY_MS);
}

root.insertAdjacentHTML('beforeend', '<p>' + escapeText(T.loading) + '</p>');
load(0, 0);
`;

export const REPORT_JS = String.raw`// The grantee's report form. The financial statement goes straight to
// storage (a presigned POST from the server), then the report is sent as
// JSON to the same address. Errors from the server name each field. The
// page's texts (the grant's language) come with the form (data-texts).
import { escapeText, translate } from '/assets/texts.js';
const form = document.querySelector('form[data-report]');
const T = JSON.parse(form.dataset.texts || '{}');
/** The server's message, in the page's language when it is one the page knows. */
function messageOf(error, otherwise) {
  if (!error) return otherwise;
  return error.code === 'VALIDATION_FAILED' && T.lang !== 'en' ? T.incomplete : error.message;
}
const summary = document.getElementById('error-summary');
const button = form.querySelector('button[type=submit]');
form.querySelector('[data-needs-js]').hidden = true;
button.disabled = false;


function showErrors(message, details) {
  const items = (details || []).map(function (d) { return '<li>' + escapeText(d.path + ': ' + translate(d.message, T.patterns)) + '</li>'; });
  summary.innerHTML = '<h2>' + escapeText(T.problem) + '</h2><p>' + escapeText(message) + '</p>' + (items.length ? '<ul>' + items.join('') + '</ul>' : '');
  summary.hidden = false;
  summary.focus();
}

function count(name) {
  const input = form.elements.namedItem(name);
  return input && input.value !== '' ? Number(input.value) : undefined;
}

function figures() {
  const pick = function (prefix) {
    const out = {};
    for (const input of form.querySelectorAll('input[name^="' + prefix + '."]')) {
      if (input.value !== '') out[input.name.slice(prefix.length + 1)] = Number(input.value);
    }
    return out;
  };
  return { beneficiaries: pick('beneficiaries'), byExploitation: pick('byExploitation'), services: pick('services') };
}

async function send(path, body) {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  let json = null;
  try { json = await response.json(); } catch (e) { json = null; }
  return { status: response.status, body: json };
}

form.addEventListener('submit', async function (event) {
  event.preventDefault();
  summary.hidden = true;
  const file = form.elements.namedItem('financialStatement').files[0];
  if (!file) { showErrors(T.chooseStatement, [{ path: 'financialStatement', message: T.required }]); return; }
  button.disabled = true;
  button.textContent = T.sending;
  try {
    const presign = await send(location.pathname + '/documents', { fileName: file.name, contentType: file.type || 'application/pdf', size: file.size });
    if (presign.status !== 201) { showErrors(messageOf(presign.body && presign.body.error, T.uploadNotStarted), presign.body && presign.body.error && presign.body.error.details); return; }
    const data = new FormData();
    for (const key of Object.keys(presign.body.upload.fields)) data.append(key, presign.body.upload.fields[key]);
    data.append('file', file);
    const stored = await fetch(presign.body.upload.url, { method: 'POST', body: data });
    if (!stored.ok) { showErrors(T.uploadFailed, []); return; }
    const total = count('beneficiaries.total');
    const body = { narrative: form.elements.namedItem('narrative').value, financialStatementKey: presign.body.key, figures: figures() };
    if (total === undefined) delete body.figures.beneficiaries.total;
    const sent = await send(location.pathname, body);
    if (sent.status === 200) {
      document.querySelector('main').innerHTML = '<h1>' + escapeText(T.thanksTitle) + '</h1><p>' + escapeText(T.thanks) + '</p>';
      return;
    }
    showErrors(messageOf(sent.body && sent.body.error, T.notSent), sent.body && sent.body.error && sent.body.error.details);
  } catch (e) {
    showErrors(T.connection, []);
  } finally {
    button.disabled = false;
    button.textContent = T.send;
  }
});
`;

export const TEXTS_JS = String.raw`// What the pages' scripts share: placeholders filled in a page's text, the
// API's English messages put in the page's language by its patterns
// (shared/web-i18n.ts), and text made safe for innerHTML. A module the
// others import.
export function fill(text, values) { return String(text).replace(/\{(\w+)\}/g, function (whole, name) { return values && name in values ? values[name] : whole; }); }
/** An English message of the API in the page's language, when one of its patterns knows it. */
export function translate(message, patterns) {
  const text = String(message == null ? '' : message);
  for (const pair of patterns || []) {
    const pattern = new RegExp(pair[0]);
    if (pattern.test(text)) return text.replace(pattern, pair[1]);
  }
  return text;
}
export function escapeText(text) { const d = document.createElement('div'); d.textContent = String(text == null ? '' : text); return d.innerHTML; }
`;
