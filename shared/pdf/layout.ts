// The house layout of the fund's PDF documents (the board pack, the record
// of the decisions), on pdfkit. Text is set in DejaVu Sans, embedded (only
// the glyphs used, as a subset), so that "Fundación Esperanza", "Sénégal"
// or any other name of the world's NGOs prints as typed; the PDF standard
// fonts cover Latin-1 at best, and pdfkit would otherwise read them from
// files that a bundle does not carry.
//
// The fonts are Lambda assets (the `documents` handler's `assets` in
// infra/manifest.ts copy them next to the bundle); locally they are read
// from node_modules.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';

const FONT_FILES = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf' } as const;

const fonts: Partial<Record<keyof typeof FONT_FILES, Buffer>> = {};
function font(which: keyof typeof FONT_FILES): Buffer {
  const file = FONT_FILES[which];
  const bundled = join(import.meta.dirname, file);
  return (fonts[which] ??= readFileSync(existsSync(bundled) ? bundled : join(import.meta.dirname, '..', '..', 'node_modules', 'dejavu-fonts-ttf', 'ttf', file)));
}

export const SIZES = { title: 18, heading: 13, body: 9.5, small: 8 } as const;
const GREY = '#555555';

/** A document being written, and what helps to write it. */
export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly ended: Promise<void>;

  constructor(
    title: string,
    private readonly footer: string,
    createdAt: Date,
  ) {
    this.doc = new PDFDocument({
      size: 'A4',
      margins: { top: 56, bottom: 60, left: 56, right: 56 },
      bufferPages: true,
      font: font('regular') as unknown as string,
      lang: 'en',
      displayTitle: true,
      info: { Title: title, Author: 'Trust Fund secretariat', Creator: 'Trust Fund grants', CreationDate: createdAt },
    });
    this.doc.registerFont('regular', font('regular') as unknown as string);
    this.doc.registerFont('bold', font('bold') as unknown as string);
    this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.ended = new Promise((resolve, reject) => {
      this.doc.on('end', resolve);
      this.doc.on('error', reject);
    });
    this.doc.font('regular').fontSize(SIZES.body);
  }

  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  title(text: string, subtitle?: string): this {
    this.doc.font('bold').fontSize(SIZES.title).fillColor('black').text(text, { align: 'left' });
    if (subtitle) this.doc.moveDown(0.2).font('regular').fontSize(SIZES.body).fillColor(GREY).text(subtitle).fillColor('black');
    this.doc.moveDown(0.8).font('regular').fontSize(SIZES.body);
    return this;
  }

  heading(text: string): this {
    this.keepSpace(60);
    this.doc.moveDown(0.6).font('bold').fontSize(SIZES.heading).fillColor('black').text(text).moveDown(0.3).font('regular').fontSize(SIZES.body);
    return this;
  }

  subheading(text: string): this {
    this.keepSpace(40);
    this.doc.moveDown(0.4).font('bold').fontSize(SIZES.body + 1).text(text).moveDown(0.2).font('regular').fontSize(SIZES.body);
    return this;
  }

  paragraph(text: string, options: { small?: boolean; grey?: boolean } = {}): this {
    this.doc
      .font('regular')
      .fontSize(options.small ? SIZES.small : SIZES.body)
      .fillColor(options.grey ? GREY : 'black')
      .text(text, { width: this.width })
      .fillColor('black')
      .fontSize(SIZES.body)
      .moveDown(0.4);
    return this;
  }

  /** Label and value pairs, one a line: "Organisation: Fundación Esperanza". */
  facts(pairs: readonly (readonly [string, string])[]): this {
    for (const [label, value] of pairs) {
      this.doc.font('bold').text(`${label}: `, { continued: true, width: this.width }).font('regular').text(value);
    }
    this.doc.moveDown(0.4);
    return this;
  }

  /**
   * A table with a header row, repeated at the top of each page it runs on;
   * `widths` in points, or '*' to share what is left. Drawn by hand: pdfkit's
   * own table lays out every cell several times (about 8 ms a row, seconds
   * for a long slate); this measures each cell once.
   */
  table(head: readonly string[], rows: readonly (readonly string[])[], widths: readonly (number | '*')[], align: readonly ('left' | 'right')[] = []): this {
    const doc = this.doc;
    const pad = 3;
    const fixed = widths.reduce<number>((sum, w) => sum + (w === '*' ? 0 : w), 0);
    const stars = widths.filter((w) => w === '*').length;
    const columns = widths.map((w) => (w === '*' ? Math.max(30, (this.width - fixed) / stars) : w));
    const left = doc.page.margins.left;
    const bottom = () => doc.page.height - doc.page.margins.bottom;
    // A cell that fits on one line is measured by its width alone (the line wrapper is the slow part).
    const fits = (text: string, i: number) => !text.includes('\n') && doc.widthOfString(text) <= columns[i]! - 2 * pad;
    const heightOf = (cells: readonly string[], bold: boolean) => {
      doc.font(bold ? 'bold' : 'regular').fontSize(SIZES.small);
      const line = doc.currentLineHeight(true);
      return Math.max(...cells.map((text, i) => (fits(text, i) ? line : doc.heightOfString(text || ' ', { width: columns[i]! - 2 * pad })))) + 2 * pad;
    };
    const drawRow = (cells: readonly string[], bold: boolean, height: number) => {
      const top = doc.y;
      let x = left;
      if (bold) doc.rect(left, top, columns.reduce((a, b) => a + b, 0), height).fill('#eeeeee');
      doc.fillColor('black').font(bold ? 'bold' : 'regular').fontSize(SIZES.small);
      cells.forEach((text, i) => {
        const width = columns[i]!;
        doc.lineWidth(0.5).strokeColor('#999999').rect(x, top, width, height).stroke();
        if (fits(text, i)) {
          const offset = align[i] === 'right' ? width - 2 * pad - doc.widthOfString(text) : 0;
          doc.text(text, x + pad + offset, top + pad, { lineBreak: false });
        } else doc.text(text, x + pad, top + pad, { width: width - 2 * pad, align: align[i] ?? 'left' });
        x += width;
      });
      doc.x = left;
      doc.y = top + height;
    };
    const headHeight = heightOf(head, true);
    this.keepSpace(headHeight + 20);
    doc.x = left;
    drawRow(head, true, headHeight);
    for (const row of rows) {
      const height = heightOf(row, false);
      if (doc.y + height > bottom()) {
        doc.addPage();
        drawRow(head, true, headHeight);
      }
      drawRow(row, false, height);
    }
    doc.x = left;
    doc.font('regular').fontSize(SIZES.body).moveDown(0.6);
    return this;
  }

  newPage(): this {
    this.doc.addPage();
    return this;
  }

  /** A new page when less than `points` are left on this one (a heading never ends a page). */
  private keepSpace(points: number) {
    if (this.doc.y + points > this.doc.page.height - this.doc.page.margins.bottom) this.doc.addPage();
  }

  /** Page numbers and the footer on every page, then the bytes. */
  async finish(): Promise<Buffer> {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const bottom = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;
      this.doc
        .font('regular')
        .fontSize(SIZES.small)
        .fillColor(GREY)
        .text(`${this.footer} · page ${i + 1 - range.start} of ${range.count}`, this.doc.page.margins.left, this.doc.page.height - 36, { width: this.width, align: 'center', lineBreak: false });
      this.doc.page.margins.bottom = bottom;
    }
    this.doc.end();
    await this.ended;
    return Buffer.concat(this.chunks);
  }
}
