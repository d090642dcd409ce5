// The question page's script (served as /question/assets/question.js by the
// same handler). Without it the page still takes a text answer; with it, a
// chosen document is uploaded first (a presigned POST from the server,
// straight to the bucket), its key is put in the form, and the same plain
// form post goes. The page's texts (the application's language) come with
// the form (data-texts).
export const QUESTION_JS = String.raw`const form = document.querySelector('form[data-question]');
if (form) {
  const T = JSON.parse(form.dataset.texts || '{}');
  const TYPES = (form.dataset.types || '').split(' ');
  const BY_EXTENSION = { pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png',
    docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    odt: 'application/vnd.oasis.opendocument.text', ods: 'application/vnd.oasis.opendocument.spreadsheet' };
  const field = form.querySelector('[data-document]');
  const input = document.getElementById('document');
  const button = form.querySelector('button[type=submit]');
  const summary = document.getElementById('error-summary');
  const label = button.textContent;
  field.hidden = false;
  form.querySelector('[data-no-js]').hidden = true;
  let uploaded = false;

  const escapeText = function (s) { return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); };
  const show = function (message) {
    summary.innerHTML = '<h2>' + escapeText(T.problem) + '</h2><p>' + escapeText(message) + '</p>';
    summary.hidden = false;
    summary.focus();
  };
  const typeOf = function (file) {
    if (TYPES.indexOf(file.type) >= 0) return file.type;
    const extension = (file.name.split('.').pop() || '').toLowerCase();
    return BY_EXTENSION[extension] || file.type || 'application/octet-stream';
  };

  form.addEventListener('submit', async function (event) {
    const file = input.files && input.files[0];
    if (!file || uploaded) return;
    event.preventDefault();
    button.disabled = true;
    button.textContent = T.sending;
    try {
      const presign = await fetch(location.pathname + '/documents', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ fileName: file.name, contentType: typeOf(file), size: file.size }),
      });
      const body = await presign.json().catch(function () { return null; });
      if (presign.status !== 201) {
        const details = (body && body.error && body.error.details) || [];
        show(details.length ? T.documentProblem.replace('{detail}', details.map(function (d) { return d.path + ' ' + d.message; }).join('; ')) : T.uploadFailed);
        return;
      }
      const data = new FormData();
      for (const key of Object.keys(body.upload.fields)) data.append(key, body.upload.fields[key]);
      data.append('file', file);
      const stored = await fetch(body.upload.url, { method: 'POST', body: data });
      if (!stored.ok) { show(T.uploadFailed); return; }
      form.elements.namedItem('documentKey').value = body.key;
      form.elements.namedItem('fileName').value = file.name;
      uploaded = true;
      form.submit();
    } catch (e) {
      show(T.connection);
    } finally {
      if (!uploaded) { button.disabled = false; button.textContent = label; }
    }
  });
}
`;
