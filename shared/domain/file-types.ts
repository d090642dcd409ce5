// Recognises an uploaded file by its first bytes, whatever name or type the
// browser claimed. Office formats (OOXML and OpenDocument) are ZIP containers:
// their signature proves the container, not which office format is inside.
import type { DocumentContentType } from './vocabulary.ts';

const SIGNATURES: { types: DocumentContentType[]; bytes: number[] }[] = [
  { types: ['application/pdf'], bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { types: ['image/jpeg'], bytes: [0xff, 0xd8, 0xff] },
  { types: ['image/png'], bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  {
    types: [
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.oasis.opendocument.text',
      'application/vnd.oasis.opendocument.spreadsheet',
    ],
    bytes: [0x50, 0x4b, 0x03, 0x04], // PK\3\4
  },
];

/** How many leading bytes `matchesContentType` needs. */
export const SIGNATURE_LENGTH = Math.max(...SIGNATURES.map((s) => s.bytes.length));

export function matchesContentType(head: Uint8Array, contentType: DocumentContentType): boolean {
  return SIGNATURES.some(
    (signature) => signature.types.includes(contentType) && signature.bytes.every((byte, i) => head[i] === byte),
  );
}
