// Drafts: what an NGO has saved so far, how a change is applied to it, and
// what is still missing before it can be submitted.
//
// Decisions:
// - A change is a JSON Merge Patch (RFC 7396) over the application's own
//   shape: an object merges key by key, `null` removes a field, anything else
//   (arrays included: budget lines, countries) replaces what was there. The
//   merged draft is then checked whole against `ApplicationDraft`, so what is
//   saved is never wrong, only unfinished, and a refused change saves nothing.
// - What is missing is read off the same JSON Schema the form and the API are
//   built from (`applicationFormSchema()`): every required field that is absent
//   (descending into absent objects, so "project" missing lists its fields),
//   every required list that is empty, every required field of a row, and
//   every required document not uploaded. Paths are the form's field names, so
//   the form links each item to its field; labels are in the application's
//   language (the form's own labels).
import { applicationFormSchema } from './schemas.ts';
import type { DocumentRecord } from '../repository/applications.ts';
import { DOCUMENT_KINDS } from '../domain/vocabulary.ts';
import { DOCUMENT_LABELS, FIELD_TEXT, fieldPathOf, repeatText, type FieldPath, type Language } from '../web-i18n.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** RFC 7396: the target with the patch applied (neither is modified). */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const result: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

interface SchemaNode {
  type?: string;
  title?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  minItems?: number;
  default?: unknown;
}

export interface MissingItem {
  /** The field's path in the application (`budget.lines[0].amountUsd`) or `documents.<kind>`. */
  path: string;
  /** Its label, in the application's language. */
  label: string;
  message: string;
}

const MISSING_TEXT: Record<Language, { missing: (label: string) => string; row: (row: string, n: number, label: string) => string }> = {
  en: { missing: (label) => `${label}: still to fill in`, row: (row, n, label) => `${row} ${n}, ${label}` },
  fr: { missing: (label) => `${label} : à remplir`, row: (row, n, label) => `${row} ${n}, ${label}` },
  es: { missing: (label) => `${label}: falta completar`, row: (row, n, label) => `${row} ${n}, ${label}` },
};

const DOCUMENT_MISSING_TEXT: Record<Language, (label: string) => string> = {
  en: (label) => `${label}: not uploaded yet`,
  fr: (label) => `${label} : pas encore déposé`,
  es: (label) => `${label}: aún no subido`,
};

const humanise = (key: string) => {
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/-/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};

function labelOf(path: string, node: SchemaNode, lang: Language, parent?: string): string {
  const key = path.split(/[.[\]]+/).filter(Boolean).at(-1) ?? path;
  const own =
    lang === 'en'
      ? (node.title ?? humanise(key))
      : ((FIELD_TEXT[lang] as Partial<Record<FieldPath, { label: string }>>)[fieldPathOf(path) as FieldPath]?.label ?? node.title ?? humanise(key));
  // A field of a row: "Budget line 2, Amount (US$)".
  const row = /^(.*)\[(\d+)\]\.[^[\]]+$/.exec(path);
  if (row) return MISSING_TEXT[lang].row(repeatText(lang, row[1]!).item, Number(row[2]) + 1, own);
  // A field that is named only within its group ("Women" of the target beneficiaries) takes the group's name.
  return !node.title && parent ? `${parent}, ${own}` : own;
}

function walk(node: SchemaNode, value: unknown, path: string, lang: Language, out: MissingItem[], group?: string): void {
  const required = new Set(node.required ?? []);
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const here = path ? `${path}.${key}` : key;
    const present = isObject(value) ? value[key] : undefined;
    const needed = required.has(key) && child.default === undefined;
    if (child.type === 'object') {
      if (present !== undefined || needed) walk(child, present, here, lang, out, labelOf(here, child, lang));
      continue;
    }
    if (child.type === 'array') {
      const items = Array.isArray(present) ? present : [];
      if (needed && items.length < (child.minItems ?? 0)) {
        out.push({ path: here, label: labelOf(here, child, lang), message: MISSING_TEXT[lang].missing(labelOf(here, child, lang)) });
      }
      if (child.items?.type === 'object') items.forEach((item, i) => walk(child.items!, item, `${here}[${i}]`, lang, out));
      continue;
    }
    if (needed && present === undefined) {
      const label = labelOf(here, child, lang, group);
      out.push({ path: here, label, message: MISSING_TEXT[lang].missing(label) });
    }
  }
}

/** Every required field and document the draft still lacks, in the order of the form. */
export function missingParts(draft: unknown, documents: Pick<DocumentRecord, 'kind'>[], lang: Language): MissingItem[] {
  const out: MissingItem[] = [];
  walk(applicationFormSchema() as SchemaNode, draft as Json, '', lang, out);
  for (const kind of DOCUMENT_KINDS) {
    if (!documents.some((d) => d.kind === kind)) {
      const label = DOCUMENT_LABELS[lang][kind];
      out.push({ path: `documents.${kind}`, label, message: DOCUMENT_MISSING_TEXT[lang](label) });
    }
  }
  return out;
}
