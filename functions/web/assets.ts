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
input[type=text], input[type=email], input[type=url], input[type=date], input[type=number], input[type=file], select, textarea { width: 100%; max-width: 100%; font: inherit; padding: .45rem .5rem; border: 1px solid #767680; border-radius: .3rem; background: #fff; color: var(--ink); min-height: 2.75rem; }
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
.status-badge { display: inline-block; padding: .1rem .6rem; border-radius: 1rem; background: #e8eef6; color: var(--ink); font-weight: 700; }
.status-badge.eligible { background: #dff3e3; color: var(--ok); }
.status-badge.ineligible { background: #fbe3e4; color: #8a000d; }
ul.reasons li { margin-bottom: .35rem; }
code { background: #f3f3f5; padding: 0 .25rem; border-radius: .2rem; font-size: .9em; overflow-wrap: anywhere; }
@media (max-width: 30rem) { main { padding: .75rem; } dl.facts { grid-template-columns: 1fr; } dl.facts dd { margin-bottom: .4rem; } fieldset { padding: .5rem .75rem .75rem; } }
@media (prefers-reduced-motion: no-preference) { html { scroll-behavior: smooth; } }
`;

export const APPLY_JS = String.raw`// The application form, progressively enhanced. On submit it builds the JSON
// body from the fields, creates the draft, uploads each document straight to
// storage with its presigned POST, submits, and opens the status page. The
// API's error details are shown next to the field whose name is their path.
//
// A created draft is kept (in memory and in sessionStorage, for this tab only)
// with the documents already uploaded: submitting again after a failed upload
// continues from the uploads instead of creating a second draft (which the API
// refuses with 409 DUPLICATE_APPLICATION). The saved answers cannot change any
// more (the API has no update), so their fields are locked and a notice says so.
const form = document.querySelector('form[data-apply]');
const progress = document.getElementById('progress');
const summary = document.getElementById('error-summary');
const button = form.querySelector('button[type=submit]');
const callId = form.dataset.callId;
const storageKey = 'draft:' + callId;

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
/** Body index of a repeatable row → its index on the page (empty rows are left out of the body). */
let rowsOnPage = {};

function say(text) { progress.textContent = text; }

function escapeText(text) { const d = document.createElement('div'); d.textContent = String(text == null ? '' : text); return d.innerHTML; }

function setPath(target, path, value) {
  const parts = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let node = target;
  parts.forEach(function (part, i) {
    if (i === parts.length - 1) { node[part] = value; return; }
    if (node[part] === undefined) node[part] = /^\d+$/.test(parts[i + 1]) ? [] : {};
    node = node[part];
  });
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
  return body;
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

/** The field's own label (without "(optional)"). */
function ownLabel(field) {
  if (!field) return '';
  const own = field.querySelector('label, legend');
  return own ? own.textContent.replace(/\((optional|choose at least one)\)/, '').trim() : field.dataset.field;
}

/** The label with its row for the summary: "Budget line 2, Amount (US$)". */
function labelFor(field) {
  const text = ownLabel(field);
  const row = field && field.closest('fieldset[data-row]');
  const rowLegend = row && row !== field && row.querySelector('legend');
  return rowLegend ? rowLegend.textContent.trim() + ', ' + text : text;
}

function showErrors(message, details) {
  clearErrors();
  const items = [];
  for (const d of details || []) {
    const container = containerFor(pagePath(d.path));
    if (container) {
      const field = container.closest('[data-field]');
      const control = field && field.querySelector('input, select, textarea');
      // API messages name the rule ("must be an email address"); with the label they read as a sentence.
      // Messages that are sentences already (capitalised, e.g. "Budget sheet is not uploaded") stay as they are.
      const sentence = /^[A-Z]/.test(d.message);
      container.hidden = false;
      container.textContent = (container.textContent ? container.textContent + ' ' : '') + (sentence ? d.message : ownLabel(field) + ' ' + d.message) + '.';
      if (control) control.setAttribute('aria-invalid', 'true');
      const text = escapeText(sentence ? d.message : labelFor(field) + ' ' + d.message);
      items.push('<li>' + (control ? '<a href="#' + control.id + '">' + text + '</a>' : text) + '</li>');
    } else {
      items.push('<li>' + escapeText(d.path + ': ' + d.message) + '</li>');
    }
  }
  summary.innerHTML = '<h2>There is a problem</h2><p>' + escapeText(message) + '</p>' + (items.length ? '<ul>' + items.join('') + '</ul>' : '');
  summary.hidden = false;
  summary.focus();
}

// Links in the summary move the focus to the field itself, not only the view.
summary.addEventListener('click', function (event) {
  const link = event.target.closest('a[href^="#"]');
  if (!link) return;
  const target = document.getElementById(link.getAttribute('href').slice(1));
  if (!target) return;
  event.preventDefault();
  target.focus();
  target.scrollIntoView({ block: 'center' });
});

async function api(path, options) {
  const response = await fetch(path, options);
  let body = null;
  try { body = await response.json(); } catch (e) { body = null; }
  const error = (body && body.error) || { code: 'HTTP_' + response.status, message: 'The server answered ' + response.status + '. Please try again.' };
  return { status: response.status, body: body, error: error };
}

/** The file chosen for each document, with what is wrong with it before anything is sent. */
function chosenFiles() {
  const files = [];
  const problems = [];
  for (const input of form.querySelectorAll('input[type=file][data-kind]')) {
    const kind = input.dataset.kind;
    const path = 'documents.' + kind;
    const file = input.files && input.files[0];
    if (!file) {
      if (!(draft && draft.uploaded && draft.uploaded[kind])) problems.push({ path: path, message: 'is missing: choose a file' });
      continue;
    }
    const accepted = input.dataset.contentTypes.split(' ');
    const extension = (file.name.split('.').pop() || '').toLowerCase();
    const contentType = accepted.indexOf(file.type) >= 0 ? file.type : EXTENSION_TYPES[extension];
    if (!contentType || accepted.indexOf(contentType) < 0) problems.push({ path: path, message: 'must be a PDF, Word, Excel, OpenDocument, JPEG or PNG file' });
    else if (file.size === 0) problems.push({ path: path, message: 'is an empty file' });
    else if (file.size > Number(input.dataset.maxBytes)) problems.push({ path: path, message: 'is larger than ' + Math.round(Number(input.dataset.maxBytes) / 1048576) + ' MB' });
    else files.push({ kind: kind, path: path, file: file, contentType: contentType, signature: [file.name, file.size, file.lastModified].join(':') });
  }
  return { files: files, problems: problems };
}

function saveDraft() { store.set(storageKey, draft); }

/** Once the draft exists its answers are fixed: lock them and say so (the documents stay open). */
function lockAnswers() {
  for (const el of form.querySelectorAll('[name], [data-add-row], [data-remove-row]')) {
    if (el.type !== 'file' && !el.closest('template')) el.disabled = true;
  }
  if (!document.getElementById('draft-notice')) {
    const notice = document.createElement('p');
    notice.id = 'draft-notice';
    notice.className = 'notice';
    notice.textContent = 'Your answers are saved (application ' + draft.applicationId + ') and can no longer be changed. ' +
      'Add the documents below and submit. We have also emailed a link to your application to the contact address.';
    form.insertBefore(notice, form.querySelector('[data-field="documents"]'));
  }
}

function goToStatus() {
  const target = '/status/' + encodeURIComponent(draft.applicationId) + '#token=' + encodeURIComponent(draft.accessToken);
  store.set('token:' + draft.applicationId, draft.accessToken);
  store.remove(storageKey);
  location.assign(target);
}

async function createDraft(fileProblems) {
  say('Saving your answers…');
  const created = await api('/calls/' + encodeURIComponent(callId) + '/applications', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(collect()),
  });
  if (created.status === 201) {
    draft = { applicationId: created.body.applicationId, accessToken: created.body.accessToken, uploaded: {} };
    saveDraft();
    lockAnswers();
    return true;
  }
  say('');
  if (created.status === 400) {
    showErrors('Please correct the answers marked below.', (created.error.details || []).concat(fileProblems));
  } else if (created.error.code === 'DUPLICATE_APPLICATION') {
    showErrors(created.error.message + ' If you started this application earlier, follow the link in the email we sent to the contact address.', created.error.details);
  } else {
    showErrors(created.error.message, created.error.details);
  }
  return false;
}

async function upload(item, auth, n, total) {
  say('Uploading document ' + n + ' of ' + total + ' (' + item.file.name + ')…');
  const presign = await api('/applications/' + encodeURIComponent(draft.applicationId) + '/documents', {
    method: 'POST',
    headers: Object.assign({ 'content-type': 'application/json' }, auth),
    body: JSON.stringify({ kind: item.kind, fileName: item.file.name, contentType: item.contentType, size: item.file.size }),
  });
  if (presign.status === 409) { goToStatus(); return 'left'; } // submitted already, from another tab
  if (presign.status === 404) {
    draft = null;
    store.remove(storageKey);
    showErrors('Your saved application could not be found. Please submit the form again.', []);
    return 'failed';
  }
  if (presign.status !== 201) {
    showErrors(presign.error.message, (presign.error.details || [{ path: '', message: 'could not be sent' }]).map(function (d) {
      return { path: item.path, message: (d.path ? d.path + ' ' : '') + d.message };
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
    showErrors('A document could not be uploaded. Your answers are saved: please submit again to retry.', [
      { path: item.path, message: 'did not upload' + (stored ? ' (storage answered ' + stored.status + ')' : '') + '; please submit again to retry' },
    ]);
    return 'failed';
  }
  draft.uploaded[item.kind] = item.signature;
  saveDraft();
  return 'done';
}

let busy = false;

async function submitApplication(event) {
  event.preventDefault();
  if (busy) return;
  busy = true;
  button.disabled = true;
  clearErrors();
  try {
    const chosen = chosenFiles();
    if (!draft) {
      if (!(await createDraft(chosen.problems))) return;
    }
    if (chosen.problems.length > 0) {
      say('');
      showErrors('Your answers are saved. Please add the documents marked below, then submit again.', chosen.problems);
      return;
    }
    const auth = { authorization: 'Bearer ' + draft.accessToken };
    draft.uploaded = draft.uploaded || {};
    const pending = chosen.files.filter(function (item) { return draft.uploaded[item.kind] !== item.signature; });
    for (let i = 0; i < pending.length; i++) {
      const result = await upload(pending[i], auth, i + 1, pending.length);
      if (result !== 'done') { if (result === 'failed') say(''); return; }
    }
    say('Submitting your application…');
    const submitted = await api('/applications/' + encodeURIComponent(draft.applicationId) + '/submit', { method: 'POST', headers: auth });
    if (submitted.status === 202) {
      say('Submitted. Opening your status page…');
      goToStatus();
      return;
    }
    say('');
    if (submitted.status === 422) {
      // A document that failed its check is uploaded again next time.
      for (const d of submitted.error.details || []) {
        const kind = d.path.replace(/^documents\./, '');
        if (draft.uploaded) delete draft.uploaded[kind];
      }
      saveDraft();
    }
    showErrors(submitted.error.message, submitted.error.details);
  } catch (error) {
    say('');
    showErrors('The connection failed. Nothing is lost: please submit again.', []);
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
    const legend = group.querySelector(':scope > legend');
    remove.closest('[data-row]').remove();
    renumber(group);
    group.querySelector(':scope > [data-add-row]').focus();
    say('Removed. ' + (legend ? legend.textContent.replace('(optional)', '').trim() : '') + ': ' + group.querySelectorAll(':scope > [data-rows] > [data-row]').length + ' left.');
  }
});

form.addEventListener('submit', submitApplication);
for (const group of form.querySelectorAll('[data-repeat]')) renumber(group);
form.querySelector('[data-js-only]').hidden = false;
if (draft) lockAnswers();
`;

export const STATUS_JS = String.raw`// The status page. The access token arrives in the URL fragment of the
// emailed link (fragments are never sent to a server); the script keeps it for
// this tab only (sessionStorage) and removes it from the address bar at once,
// so it does not stay in the history or get shared with a copied link. Without
// a token the page asks for the access code from the email.
const root = document.getElementById('status');
const announce = document.getElementById('announce');
const applicationId = root.dataset.applicationId;
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

function escapeText(text) { const d = document.createElement('div'); d.textContent = String(text == null ? '' : text); return d.innerHTML; }
function humanise(code) { const t = String(code).replace(/-/g, ' '); return t.charAt(0).toUpperCase() + t.slice(1); }
function dateOf(iso) {
  return iso ? '<time datetime="' + escapeText(iso) + '">' + escapeText(new Date(iso).toLocaleString('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC') + '</time>' : '';
}

const LABELS = {
  draft: 'Draft: not submitted yet',
  submitted: 'Submitted: checking eligibility…',
  eligible: 'Eligible',
  ineligible: 'Not eligible',
  'in-review': 'In review',
  reviewed: 'Reviewed',
};
const CHECKS = { verified: 'received and checked', missing: 'missing', invalid: 'not valid' };

function eligibilityHtml(app) {
  if (!app.eligibility) return '';
  if (app.eligibility.eligible) {
    return '<h2>Eligibility</h2><p>The application meets every eligibility rule of the call. It will be reviewed after the call closes.</p>';
  }
  return '<h2>Eligibility</h2><p>The application does not meet these rules of the call:</p><ul class="reasons">' +
    app.eligibility.reasons.map(function (r) { return '<li>' + escapeText(r.message) + ' <code>' + escapeText(r.code) + '</code></li>'; }).join('') + '</ul>';
}

function priorityHtml(app) {
  if (!app.priority) return '';
  const rules = app.priority.rules || [];
  return '<h2>Priority</h2><p><strong data-priority-points>' + escapeText(app.priority.points) + '</strong> priority points' +
    (rules.length ? ':</p><ul>' + rules.map(function (r) { return '<li>' + escapeText(r.explanation) + '</li>'; }).join('') + '</ul>' : '. The project declares no priority context of the call.</p>');
}

function documentsHtml(app) {
  return '<h2>Documents</h2><ul>' + (app.documents || []).map(function (d) {
    const state = !d.fileName ? 'not uploaded'
      : escapeText(d.fileName) + (d.check ? ', ' + escapeText(CHECKS[d.check.status] || d.check.status) + (d.check.problem ? ': ' + escapeText(d.check.problem) : '') : '');
    return '<li>' + escapeText(d.label) + ': ' + state + '</li>';
  }).join('') + '</ul>';
}

let shown = '';
let shownStatus = '';

function render(app, note) {
  const html =
    '<h1>' + escapeText(app.project.title) + '</h1>' +
    '<dl class="facts">' +
    '<dt>Organisation</dt><dd>' + escapeText(app.organisation.name) + '</dd>' +
    '<dt>Status</dt><dd><span class="status-badge ' + escapeText(app.status) + '" data-status="' + escapeText(app.status) + '">' + escapeText(LABELS[app.status] || humanise(app.status)) + '</span></dd>' +
    (app.submittedAt ? '<dt>Submitted</dt><dd>' + dateOf(app.submittedAt) + '</dd>' : '') +
    (app.decidedAt ? '<dt>Decided</dt><dd>' + dateOf(app.decidedAt) + '</dd>' : '') +
    '</dl>' +
    (app.status === 'draft' ? '<p>The application is not submitted yet. Finish it in the browser tab where you filled in the form.</p>' : '') +
    (note ? '<p class="help">' + escapeText(note) + '</p>' : '') +
    eligibilityHtml(app) + priorityHtml(app) + documentsHtml(app);
  // Re-render only what changed, and announce only a change of status (not every poll).
  if (html !== shown) { root.innerHTML = html; shown = html; }
  if (app.status !== shownStatus) {
    if (shownStatus) announce.textContent = 'Status: ' + (LABELS[app.status] || humanise(app.status));
    shownStatus = app.status;
  }
}

function askForCode(message) {
  shown = '';
  root.innerHTML = '<h1>Your application</h1>' + (message ? '<p class="error" role="alert">' + escapeText(message) + '</p>' : '') +
    '<p>Open the link in the email we sent to your contact address, or paste the access code from it.</p>' +
    '<form id="code-form"><div class="field"><label for="code">Access code</label>' +
    '<input id="code" name="code" type="text" autocomplete="off" autocapitalize="off" spellcheck="false" required></div><button type="submit">Show my application</button></form>';
  document.getElementById('code-form').addEventListener('submit', function (event) {
    event.preventDefault();
    const value = document.getElementById('code').value.trim();
    if (!value) { askForCode('Please paste the access code.'); document.getElementById('code').focus(); return; }
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
    askForCode('That access code does not open this application. Check the link in your email.');
    return;
  }
  if (!response || !response.ok) {
    // Bounded retries with a growing pause, then a plain message.
    if (failures < 5) { setTimeout(function () { load(polls, failures + 1); }, POLL_EVERY_MS * (failures + 1)); return; }
    root.innerHTML = '<h1>Your application</h1><p class="error" role="alert">We cannot reach the service right now. Please reload this page in a few minutes.</p>';
    shown = '';
    return;
  }
  const app = await response.json();
  const waiting = app.status === 'submitted';
  render(app, waiting && polls >= MAX_POLLS ? 'The eligibility check is taking longer than usual. Reload this page in a few minutes to see the result.' : '');
  if (waiting && polls < MAX_POLLS) setTimeout(function () { load(polls + 1, 0); }, POLL_EVERY_MS);
}

root.insertAdjacentHTML('beforeend', '<p>Loading your application…</p>');
load(0, 0);
`;

export const REPORT_JS = String.raw`// The grantee's report form. The financial statement goes straight to
// storage (a presigned POST from the server), then the report is sent as
// JSON to the same address. Errors from the server name each field.
const form = document.querySelector('form[data-report]');
const summary = document.getElementById('error-summary');
const button = form.querySelector('button[type=submit]');
form.querySelector('[data-needs-js]').hidden = true;
button.disabled = false;

function escapeText(text) {
  const div = document.createElement('div');
  div.textContent = text;
  return div.innerHTML;
}

function showErrors(message, details) {
  const items = (details || []).map(function (d) { return '<li>' + escapeText(d.path + ': ' + d.message) + '</li>'; });
  summary.innerHTML = '<h2>There is a problem</h2><p>' + escapeText(message) + '</p>' + (items.length ? '<ul>' + items.join('') + '</ul>' : '');
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
  if (!file) { showErrors('Choose the financial statement.', [{ path: 'financialStatement', message: 'is required' }]); return; }
  button.disabled = true;
  button.textContent = 'Sending…';
  try {
    const presign = await send(location.pathname + '/documents', { fileName: file.name, contentType: file.type || 'application/pdf', size: file.size });
    if (presign.status !== 201) { showErrors(presign.body && presign.body.error ? presign.body.error.message : 'The upload could not start.', presign.body && presign.body.error && presign.body.error.details); return; }
    const data = new FormData();
    for (const key of Object.keys(presign.body.upload.fields)) data.append(key, presign.body.upload.fields[key]);
    data.append('file', file);
    const stored = await fetch(presign.body.upload.url, { method: 'POST', body: data });
    if (!stored.ok) { showErrors('The financial statement did not upload; please try again.', []); return; }
    const total = count('beneficiaries.total');
    const body = { narrative: form.elements.namedItem('narrative').value, financialStatementKey: presign.body.key, figures: figures() };
    if (total === undefined) delete body.figures.beneficiaries.total;
    const sent = await send(location.pathname, body);
    if (sent.status === 200) {
      document.querySelector('main').innerHTML = '<h1>Thank you</h1><p>Your report is in. The secretariat will review it and write to you.</p>';
      return;
    }
    showErrors(sent.body && sent.body.error ? sent.body.error.message : 'The report could not be sent.', sent.body && sent.body.error && sent.body.error.details);
  } catch (e) {
    showErrors('The connection failed; nothing was lost on this page. Please try again.', []);
  } finally {
    button.disabled = false;
    button.textContent = 'Send the report';
  }
});
`;
