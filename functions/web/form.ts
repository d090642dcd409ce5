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
// - In French and Spanish, labels, help texts and options come from
//   shared/web-i18n.ts by field path (English ones are the schema's); country
//   names from the runtime's CLDR data, with the ISO code.
import { COUNTRIES } from '#shared/domain/countries.ts';
import { escapeHtml } from '#shared/http/html.ts';
import {
  countriesIn,
  FIELD_TEXT,
  fieldPathOf,
  FORM_TEXT,
  optionLabel as vocabularyLabel,
  repeatText,
  type FieldPath,
  type Language,
} from '#shared/web-i18n.ts';

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

const COUNTRY_CODES = new Set(COUNTRIES.map((c) => c.code));

const humanise = (key: string) => {
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/-/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** Element ids from paths: `budget.lines[0].amountUsd` → `f-budget-lines-0-amountUsd` (the script renumbers `-N-`). */
const idOf = (path: string) => `f-${path.replace(/[^\w]+/g, '-')}`;
const isCountryList = (values: unknown[]) => values.length > 100 && values.every((v) => typeof v === 'string' && COUNTRY_CODES.has(v));

/** Renders one form in one language. */
class FormRenderer {
  private readonly lang: Language;
  private readonly t: (typeof FORM_TEXT)[Language];
  constructor(lang: Language) {
    this.lang = lang;
    this.t = FORM_TEXT[lang];
  }

  /** The field's label and help: the schema's in English, the table's otherwise (the schema's if the table has none). */
  private text(path: string, key: string, schema: JsonSchema): { label: string; help?: string } {
    const english = { label: schema.title ?? humanise(key), help: schema.description };
    if (this.lang === 'en') return english;
    const translated = (FIELD_TEXT[this.lang] as Partial<Record<string, { label: string; help?: string }>>)[fieldPathOf(path) as FieldPath];
    return translated ?? english;
  }

  private optionLabel(path: string, value: string | number) {
    return vocabularyLabel(this.lang, fieldPathOf(path), String(value)) ?? humanise(String(value));
  }

  private help(path: string, key: string, schema: JsonSchema) {
    const id = idOf(path);
    const { help: description } = this.text(path, key, schema);
    const text = description ? `<p class="help" id="${id}-help">${escapeHtml(description)}</p>` : '';
    const error = `<p class="error" id="${id}-error" data-error-for="${escapeHtml(path)}" hidden></p>`;
    const describedBy = [description ? `${id}-help` : '', `${id}-error`].filter(Boolean).join(' ');
    return { text, error, describedBy };
  }

  private optional(required: boolean) {
    return required ? '' : ` <span class="optional">${escapeHtml(this.t.optional)}</span>`;
  }

  private options(path: string, values: (string | number)[], selected: unknown): string {
    if (isCountryList(values)) {
      return countriesIn(this.lang)
        .map((c) => `<option value="${c.code}">${escapeHtml(c.name)} (${c.code})</option>`)
        .join('');
    }
    return values
      .map((v) => `<option value="${escapeHtml(v)}"${selected === v ? ' selected' : ''}>${escapeHtml(this.optionLabel(path, v))}</option>`)
      .join('');
  }

  private input(path: string, key: string, schema: JsonSchema, required: boolean): string {
    const id = idOf(path);
    const { text, error, describedBy } = this.help(path, key, schema);
    const label = `${escapeHtml(this.text(path, key, schema).label)}${this.optional(required)}`;
    const common = `id="${id}" name="${escapeHtml(path)}" aria-describedby="${describedBy}"${required ? ' required' : ''}`;
    const field = (cls: string, inner: string) => `<div class="${cls}" data-field="${escapeHtml(path)}">${inner}</div>`;

    if (schema.enum) {
      // The form's language field starts at the page's language.
      const selected = path === 'language' ? this.lang : schema.default;
      const placeholder = selected === undefined ? `<option value="">${escapeHtml(this.t.choose)}</option>` : '';
      return field('field', `<label for="${id}">${label}</label>${text}<select ${common} data-type="string">${placeholder}${this.options(path, schema.enum, selected)}</select>${error}`);
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

  private checkboxGroup(path: string, key: string, schema: JsonSchema, values: (string | number)[], required: boolean): string {
    const { text, error, describedBy } = this.help(path, key, schema);
    const boxes = values
      .map((v, i) => {
        const id = `${idOf(path)}-${i}`;
        return `<span class="choice"><input type="checkbox" id="${id}" name="${escapeHtml(path)}" value="${escapeHtml(v)}" data-type="enum-array"><label for="${id}">${escapeHtml(this.optionLabel(path, v))}</label></span>`;
      })
      .join('');
    const hint = required && schema.minItems ? `<span class="optional">${escapeHtml(this.t.atLeastOne)}</span>` : this.optional(required);
    return `<fieldset class="field group" data-field="${escapeHtml(path)}" aria-describedby="${describedBy}"><legend>${escapeHtml(this.text(path, key, schema).label)} ${hint}</legend>${text}<div class="choices">${boxes}</div>${error}</fieldset>`;
  }

  /** One row of a repeatable group: an object's fields, or a single control (a country). */
  private row(path: string, schema: JsonSchema, index: string): string {
    const item = schema.items!;
    const names = repeatText(this.lang, path);
    const n = index === '__INDEX__' ? '' : String(Number(index) + 1);
    const rowPath = `${path}[${index}]`;
    const remove = `<button type="button" class="secondary small" data-remove-row>${escapeHtml(this.t.remove)}<span class="vh"> ${escapeHtml(names.row)} <span data-row-number>${n}</span></span></button>`;
    if (item.type === 'object') {
      return `<fieldset class="row" data-row><legend>${escapeHtml(names.item)} <span data-row-number>${n}</span></legend>${this.object(rowPath, item)}${remove}</fieldset>`;
    }
    // A single control per row: its label carries the row number.
    const id = idOf(rowPath);
    const error = `<p class="error" id="${id}-error" data-error-for="${escapeHtml(rowPath)}" hidden></p>`;
    return `<div class="row single" data-row data-field="${escapeHtml(rowPath)}"><label for="${id}">${escapeHtml(names.item)} <span data-row-number>${n}</span></label><div class="inline"><select id="${id}" name="${escapeHtml(rowPath)}" aria-describedby="${id}-error" required data-type="string"><option value="">${escapeHtml(this.t.choose)}</option>${this.options(rowPath, item.enum ?? [], undefined)}</select>${remove}</div>${error}</div>`;
  }

  private repeatable(path: string, key: string, schema: JsonSchema, required: boolean): string {
    const { text, error, describedBy } = this.help(path, key, schema);
    const initial = REPEAT_ROWS[path] ?? 1;
    const rows = Array.from({ length: initial }, (_, i) => this.row(path, schema, String(i))).join('');
    const max = schema.maxItems ? ` data-max="${schema.maxItems}"` : '';
    return `<fieldset class="field repeat" data-field="${escapeHtml(path)}" data-repeat="${escapeHtml(path)}"${max} aria-describedby="${describedBy}"><legend>${escapeHtml(this.text(path, key, schema).label)}${this.optional(required)}</legend>${text}<div data-rows>${rows}</div><template>${this.row(path, schema, '__INDEX__')}</template><button type="button" class="secondary" data-add-row>${escapeHtml(repeatText(this.lang, path).add)}</button>${error}</fieldset>`;
  }

  object(path: string, schema: JsonSchema): string {
    const required = new Set(schema.required ?? []);
    return Object.entries(schema.properties ?? {})
      .map(([key, child]) => this.field(path ? `${path}.${key}` : key, key, child, required.has(key) && child.default === undefined))
      .join('\n');
  }

  private field(path: string, key: string, schema: JsonSchema, required: boolean): string {
    if (schema.type === 'object') {
      const { text, error, describedBy } = this.help(path, key, schema);
      return `<fieldset class="section" data-field="${escapeHtml(path)}" aria-describedby="${describedBy}"><legend>${escapeHtml(this.text(path, key, schema).label)}</legend>${text}${this.object(path, schema)}${error}</fieldset>`;
    }
    if (schema.type === 'array' && schema.items) {
      const values = schema.items.enum;
      if (values && isCountryList(values)) return this.repeatable(path, key, schema, required);
      if (values) return this.checkboxGroup(path, key, schema, values, required);
      if (schema.items.type === 'object') return this.repeatable(path, key, schema, required);
    }
    return this.input(path, key, schema, required);
  }
}

/** Repeatable groups: how many rows they start with. */
const REPEAT_ROWS: Record<string, number> = {
  'budget.lines': 3,
  'project.contexts': 0,
  'project.countries': 1,
};

export function renderApplicationForm(schema: JsonSchema, lang: Language = 'en'): string {
  return new FormRenderer(lang).object('', schema);
}

/** Every field path of the schema (rows as `[]`), to check that the tables name them all. */
export function fieldPaths(schema: JsonSchema, path = ''): string[] {
  return Object.entries(schema.properties ?? {}).flatMap(([key, child]) => {
    const here = path ? `${path}.${key}` : key;
    if (child.type === 'object') return [here, ...fieldPaths(child, here)];
    if (child.type === 'array' && child.items?.type === 'object') return [here, ...fieldPaths(child.items, `${here}[]`)];
    return [here];
  });
}
