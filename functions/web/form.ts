// Renders the application form from the JSON Schema of the API's own zod
// schema: labels are the schema titles, help texts its descriptions, limits
// its minimums and maximums. Field names are the JSON paths of the body
// (`budget.lines[0].amountUsd`), so the API's error details land next to the
// field they name.
//
// Decisions:
// - objects → fieldset + legend; arrays of objects → repeatable rows (a
//   `<template>` the script clones); arrays of a short enum → checkboxes;
//   arrays of countries → repeatable country selects (a 249-option multiple
//   select needs Ctrl-click and is unusable on a phone or with a screen reader).
// - Every control has a label; help and error texts are tied to it (or to its
//   fieldset) with aria-describedby. Errors start empty and hidden.
// - Optional fields say "(optional)"; required ones carry `required` for
//   assistive technology, but the form is `novalidate`: the API's messages
//   are the single source of validation.
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
/** Country options sorted by name (the schema lists them by code), shown as "Albania (AL)". */
const COUNTRY_OPTIONS = [...COUNTRIES].sort((a, b) => a.name.localeCompare(b.name, 'en'));

const humanise = (key: string) => {
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/-/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const labelOf = (key: string, schema: JsonSchema) => schema.title ?? humanise(key);
/** Element ids from paths: `budget.lines[0].amountUsd` → `f-budget-lines-0-amountUsd` (the script renumbers `-N-`). */
const idOf = (path: string) => `f-${path.replace(/[^\w]+/g, '-')}`;
const isCountryList = (values: unknown[]) =>
  values.length > 100 && values.every((v) => typeof v === 'string' && COUNTRY_NAMES.has(v));

/** Human labels for enum values that are codes (the rest are humanised: `forced-labour` → "Forced labour"). */
const OPTION_LABELS: Record<string, string> = {
  ngo: 'Non-governmental organisation (NGO)',
  en: 'English',
  fr: 'Français',
  es: 'Español',
  'empowerment-prevention': 'Empowerment and prevention',
  'organ-removal': 'Removal of organs',
  'refugee-flows': 'Refugee and migration flows',
  operational: 'Operational (indirect) costs',
};
const optionLabel = (value: string | number) => OPTION_LABELS[String(value)] ?? humanise(String(value));

/** Repeatable groups: how many rows they start with, what one row is called. */
const REPEAT: Record<string, { rows: number; item: string }> = {
  'budget.lines': { rows: 3, item: 'Budget line' },
  'project.contexts': { rows: 0, item: 'Priority context' },
  'project.countries': { rows: 1, item: 'Country' },
};
const repeatOf = (path: string) => REPEAT[path] ?? { rows: 1, item: 'Item' };

function help(path: string, schema: JsonSchema) {
  const id = idOf(path);
  const text = schema.description ? `<p class="help" id="${id}-help">${escapeHtml(schema.description)}</p>` : '';
  const error = `<p class="error" id="${id}-error" data-error-for="${escapeHtml(path)}" hidden></p>`;
  const describedBy = [schema.description ? `${id}-help` : '', `${id}-error`].filter(Boolean).join(' ');
  return { text, error, describedBy };
}

const optional = (required: boolean) => (required ? '' : ' <span class="optional">(optional)</span>');

function options(values: (string | number)[], selected: unknown): string {
  if (isCountryList(values)) {
    return COUNTRY_OPTIONS.map((c) => `<option value="${c.code}">${escapeHtml(c.name)} (${c.code})</option>`).join('');
  }
  return values
    .map((v) => `<option value="${escapeHtml(v)}"${selected === v ? ' selected' : ''}>${escapeHtml(optionLabel(v))}</option>`)
    .join('');
}

function input(path: string, key: string, schema: JsonSchema, required: boolean, labelText?: string): string {
  const id = idOf(path);
  const { text, error, describedBy } = help(path, schema);
  const label = `${escapeHtml(labelText ?? labelOf(key, schema))}${optional(required)}`;
  const common = `id="${id}" name="${escapeHtml(path)}" aria-describedby="${describedBy}"${required ? ' required' : ''}`;
  const field = (cls: string, inner: string) => `<div class="${cls}" data-field="${escapeHtml(path)}">${inner}</div>`;

  if (schema.enum) {
    const placeholder = schema.default === undefined ? '<option value="">Choose…</option>' : '';
    return field('field', `<label for="${id}">${label}</label>${text}<select ${common} data-type="string">${placeholder}${options(schema.enum, schema.default)}</select>${error}`);
  }
  if (schema.type === 'boolean') {
    // A checkbox is never "missing": unchecked sends false, and the rules say what false means.
    return field('field checkbox', `<input type="checkbox" ${common.replace(' required', '')} data-type="boolean"><label for="${id}">${label}</label>${text}${error}`);
  }
  if (schema.type === 'integer' || schema.type === 'number') {
    const min = schema.minimum ?? schema.exclusiveMinimum;
    const attrs = [
      min !== undefined ? `min="${min}"` : '',
      schema.maximum !== undefined ? `max="${schema.maximum}"` : '',
      // Amounts are in US$ with cents.
      `step="${schema.type === 'integer' ? 1 : 0.01}"`,
      `inputmode="${schema.type === 'integer' ? 'numeric' : 'decimal'}"`,
    ].filter(Boolean).join(' ');
    return field('field', `<label for="${id}">${label}</label>${text}<input type="number" ${common} ${attrs} data-type="${schema.type}">${error}`);
  }
  const type = schema.format === 'email' ? 'email' : schema.format === 'uri' ? 'url' : schema.format === 'date' ? 'date' : 'text';
  const limits = `${schema.minLength ? ` minlength="${schema.minLength}"` : ''}${schema.maxLength ? ` maxlength="${schema.maxLength}"` : ''}`;
  const autocomplete =
    type === 'email' ? ' autocomplete="email"' : type === 'url' ? ' autocomplete="url"' : path.endsWith('contact.phone') ? ' autocomplete="tel"' : '';
  const control =
    (schema.maxLength ?? 0) > 300
      ? `<textarea ${common}${limits} rows="6" data-type="string"></textarea>`
      : `<input type="${type}" ${common}${limits}${autocomplete} data-type="string">`;
  return field('field', `<label for="${id}">${label}</label>${text}${control}${error}`);
}

function checkboxGroup(path: string, key: string, schema: JsonSchema, values: (string | number)[], required: boolean): string {
  const { text, error, describedBy } = help(path, schema);
  const boxes = values
    .map((v, i) => {
      const id = `${idOf(path)}-${i}`;
      return `<span class="choice"><input type="checkbox" id="${id}" name="${escapeHtml(path)}" value="${escapeHtml(v)}" data-type="enum-array"><label for="${id}">${escapeHtml(optionLabel(v))}</label></span>`;
    })
    .join('');
  const hint = required && schema.minItems ? '<span class="optional">(choose at least one)</span>' : optional(required);
  return `<fieldset class="field group" data-field="${escapeHtml(path)}" aria-describedby="${describedBy}"><legend>${escapeHtml(labelOf(key, schema))} ${hint}</legend>${text}<div class="choices">${boxes}</div>${error}</fieldset>`;
}

/** One row of a repeatable group: an object's fields, or a single control (a country). */
function row(path: string, schema: JsonSchema, index: string): string {
  const item = schema.items!;
  const { item: itemName } = repeatOf(path);
  const n = index === '__INDEX__' ? '' : String(Number(index) + 1);
  const rowPath = `${path}[${index}]`;
  const remove = `<button type="button" class="secondary small" data-remove-row>Remove<span class="vh"> ${escapeHtml(itemName.toLowerCase())} <span data-row-number>${n}</span></span></button>`;
  if (item.type === 'object') {
    return `<fieldset class="row" data-row><legend>${escapeHtml(itemName)} <span data-row-number>${n}</span></legend>${renderObject(rowPath, item)}${remove}</fieldset>`;
  }
  // A single control per row: its label carries the row number.
  const id = idOf(rowPath);
  const error = `<p class="error" id="${id}-error" data-error-for="${escapeHtml(rowPath)}" hidden></p>`;
  return `<div class="row single" data-row data-field="${escapeHtml(rowPath)}"><label for="${id}">${escapeHtml(itemName)} <span data-row-number>${n}</span></label><div class="inline"><select id="${id}" name="${escapeHtml(rowPath)}" aria-describedby="${id}-error" required data-type="string"><option value="">Choose…</option>${options(item.enum ?? [], undefined)}</select>${remove}</div>${error}</div>`;
}

function repeatable(path: string, key: string, schema: JsonSchema, required: boolean): string {
  const { text, error, describedBy } = help(path, schema);
  const { rows: initial, item } = repeatOf(path);
  const rows = Array.from({ length: initial }, (_, i) => row(path, schema, String(i))).join('');
  const max = schema.maxItems ? ` data-max="${schema.maxItems}"` : '';
  return `<fieldset class="field repeat" data-field="${escapeHtml(path)}" data-repeat="${escapeHtml(path)}"${max} aria-describedby="${describedBy}"><legend>${escapeHtml(labelOf(key, schema))}${optional(required)}</legend>${text}<div data-rows>${rows}</div><template>${row(path, schema, '__INDEX__')}</template><button type="button" class="secondary" data-add-row>Add a ${escapeHtml(item.toLowerCase())}</button>${error}</fieldset>`;
}

function renderObject(path: string, schema: JsonSchema): string {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {})
    .map(([key, child]) => renderField(path ? `${path}.${key}` : key, key, child, required.has(key) && child.default === undefined))
    .join('\n');
}

function renderField(path: string, key: string, schema: JsonSchema, required: boolean): string {
  if (schema.type === 'object') {
    const { text, error, describedBy } = help(path, schema);
    return `<fieldset class="section" data-field="${escapeHtml(path)}" aria-describedby="${describedBy}"><legend>${escapeHtml(labelOf(key, schema))}</legend>${text}${renderObject(path, schema)}${error}</fieldset>`;
  }
  if (schema.type === 'array' && schema.items) {
    const values = schema.items.enum;
    if (values && isCountryList(values)) return repeatable(path, key, schema, required);
    if (values) return checkboxGroup(path, key, schema, values, required);
    if (schema.items.type === 'object') return repeatable(path, key, schema, required);
  }
  return input(path, key, schema, required);
}

export function renderApplicationForm(schema: JsonSchema): string {
  return renderObject('', schema);
}
