// Renders the application form from the JSON Schema of the API's own zod
// schema: labels are the schema titles, help texts its descriptions, limits
// its minimums and maximums. Field names are the JSON paths of the body
// (`budget.lines[0].amountUsd`), so the API's error details land next to the
// field they name.
import { COUNTRIES } from '#shared/domain/countries.ts';
import { escapeHtml } from '#shared/http/html.ts';

export interface JsonSchema {
  type?: string;
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: (string | number)[];
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
}

const COUNTRY_NAMES = new Map(COUNTRIES.map((c) => [c.code, c.name]));

const humanise = (key: string) =>
  key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/^./, (c) => c.toUpperCase())
    .replace(/Usd$/, '(US$)')
    .toLowerCase()
    .replace(/^./, (c) => c.toUpperCase());

const labelOf = (key: string, schema: JsonSchema) => schema.title ?? humanise(key);
const idOf = (path: string) => `f-${path.replace(/[^\w]+/g, '-')}`;
const isCountryList = (values: unknown[]) => values.length > 100 && values.every((v) => typeof v === 'string' && COUNTRY_NAMES.has(v));

const OPTION_LABELS: Record<string, string> = {
  ngo: 'Non-governmental organisation (NGO)',
  en: 'English',
  fr: 'Français',
  es: 'Español',
};

/** Human labels for enum values that are codes. */
const optionLabel = (value: string | number) =>
  OPTION_LABELS[String(value)] ?? COUNTRY_NAMES.get(String(value)) ?? humanise(String(value)).replace(/-/g, ' ');

/** How many rows a repeatable group starts with. */
const INITIAL_ROWS: Record<string, number> = { 'budget.lines': 3, 'project.contexts': 0 };

function help(path: string, schema: JsonSchema) {
  const id = idOf(path);
  const text = schema.description ? `<p class="help" id="${id}-help">${escapeHtml(schema.description)}</p>` : '';
  const error = `<p class="error" id="${id}-error" data-error-for="${escapeHtml(path)}" hidden></p>`;
  const describedBy = [schema.description ? `${id}-help` : '', `${id}-error`].filter(Boolean).join(' ');
  return { text, error, describedBy };
}

function input(path: string, key: string, schema: JsonSchema, required: boolean): string {
  const id = idOf(path);
  const { text, error, describedBy } = help(path, schema);
  const label = `${escapeHtml(labelOf(key, schema))}${required ? '' : ' <span class="optional">(optional)</span>'}`;
  const common = `id="${id}" name="${escapeHtml(path)}" aria-describedby="${describedBy}"${required ? ' required' : ''}`;

  if (schema.enum) {
    const options = schema.enum
      .map((v) => `<option value="${escapeHtml(v)}"${schema.default === v ? ' selected' : ''}>${escapeHtml(optionLabel(v))}</option>`)
      .join('');
    const placeholder = schema.default === undefined ? '<option value="">Choose…</option>' : '';
    return `<div class="field" data-field="${escapeHtml(path)}"><label for="${id}">${label}</label>${text}<select ${common} data-type="string">${placeholder}${options}</select>${error}</div>`;
  }
  if (schema.type === 'boolean') {
    return `<div class="field checkbox" data-field="${escapeHtml(path)}"><input type="checkbox" ${common.replace(' required', '')} data-type="boolean"><label for="${id}">${label}</label>${text}${error}</div>`;
  }
  if (schema.type === 'integer' || schema.type === 'number') {
    const min = schema.minimum ?? schema.exclusiveMinimum;
    const attrs = [
      min !== undefined ? `min="${min}"` : '',
      schema.maximum !== undefined ? `max="${schema.maximum}"` : '',
      `step="${schema.type === 'integer' ? 1 : 0.01}"`,
      'inputmode="decimal"',
    ].join(' ');
    return `<div class="field" data-field="${escapeHtml(path)}"><label for="${id}">${label}</label>${text}<input type="number" ${common} ${attrs} data-type="${schema.type}">${error}</div>`;
  }
  const type = schema.format === 'email' ? 'email' : schema.format === 'uri' ? 'url' : schema.format === 'date' ? 'date' : 'text';
  const limits = `${schema.minLength ? ` minlength="${schema.minLength}"` : ''}${schema.maxLength ? ` maxlength="${schema.maxLength}"` : ''}`;
  const autocomplete = type === 'email' ? ' autocomplete="email"' : '';
  const control =
    (schema.maxLength ?? 0) > 300
      ? `<textarea ${common}${limits} rows="5" data-type="string"></textarea>`
      : `<input type="${type}" ${common}${limits}${autocomplete} data-type="string">`;
  return `<div class="field" data-field="${escapeHtml(path)}"><label for="${id}">${label}</label>${text}${control}${error}</div>`;
}

function checkboxGroup(path: string, key: string, schema: JsonSchema, values: (string | number)[]): string {
  const { text, error } = help(path, schema);
  const boxes = values
    .map((v, i) => {
      const id = `${idOf(path)}-${i}`;
      return `<span class="choice"><input type="checkbox" id="${id}" name="${escapeHtml(path)}" value="${escapeHtml(v)}" data-type="enum-array"><label for="${id}">${escapeHtml(optionLabel(v))}</label></span>`;
    })
    .join('');
  return `<fieldset class="field group" data-field="${escapeHtml(path)}"><legend>${escapeHtml(labelOf(key, schema))}</legend>${text}<div class="choices">${boxes}</div>${error}</fieldset>`;
}

function multiSelect(path: string, key: string, schema: JsonSchema, values: (string | number)[]): string {
  const id = idOf(path);
  const { text, error, describedBy } = help(path, schema);
  const options = values.map((v) => `<option value="${escapeHtml(v)}">${escapeHtml(optionLabel(v))}</option>`).join('');
  return `<div class="field" data-field="${escapeHtml(path)}"><label for="${id}">${escapeHtml(labelOf(key, schema))}</label>${text}<p class="help">Hold Ctrl (or ⌘) to choose several.</p><select multiple size="6" id="${id}" name="${escapeHtml(path)}" aria-describedby="${describedBy}" data-type="enum-array">${options}</select>${error}</div>`;
}

function repeatable(path: string, key: string, schema: JsonSchema): string {
  const item = schema.items!;
  const { text, error } = help(path, schema);
  const row = (index: string) =>
    `<fieldset class="row" data-row><legend>${escapeHtml(labelOf(key, schema))} <span data-row-number>${index === '__INDEX__' ? '' : Number(index) + 1}</span></legend>${renderObject(`${path}[${index}]`, item)}<button type="button" class="secondary" data-remove-row>Remove</button></fieldset>`;
  const rows = Array.from({ length: INITIAL_ROWS[path] ?? 1 }, (_, i) => row(String(i))).join('');
  return `<fieldset class="field repeat" data-field="${escapeHtml(path)}" data-repeat="${escapeHtml(path)}"${schema.maxItems ? ` data-max="${schema.maxItems}"` : ''}><legend>${escapeHtml(labelOf(key, schema))}</legend>${text}<div data-rows>${rows}</div><template>${row('__INDEX__')}</template><button type="button" class="secondary" data-add-row>Add</button>${error}</fieldset>`;
}

function renderObject(path: string, schema: JsonSchema): string {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {})
    .map(([key, child]) => renderField(path ? `${path}.${key}` : key, key, child, required.has(key) && child.default === undefined))
    .join('\n');
}

function renderField(path: string, key: string, schema: JsonSchema, required: boolean): string {
  if (schema.type === 'object') {
    const { text, error } = help(path, schema);
    return `<fieldset class="section" data-field="${escapeHtml(path)}"><legend>${escapeHtml(labelOf(key, schema))}</legend>${text}${renderObject(path, schema)}${error}</fieldset>`;
  }
  if (schema.type === 'array' && schema.items) {
    const values = schema.items.enum;
    if (values && isCountryList(values)) return multiSelect(path, key, schema, values);
    if (values) return checkboxGroup(path, key, schema, values);
    if (schema.items.type === 'object') return repeatable(path, key, schema);
  }
  return input(path, key, schema, required);
}

export function renderApplicationForm(schema: JsonSchema): string {
  return renderObject('', schema);
}
