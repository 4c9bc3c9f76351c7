/**
 * A real PDF made on the spot: one page of 300×144 points showing a line of text in Helvetica,
 * with a correct cross-reference table, so a PDF viewer opens it without repairing it.
 * @module
 */

/**
 * The bytes of a one-page PDF that shows `text` (ASCII, no parentheses or backslashes).
 * @example
 * ```ts
 * const pdf = makePdf("Hello");
 * const file = new Blob([pdf], { type: "application/pdf" });
 * ```
 */
export function makePdf(text: string): Uint8Array<ArrayBuffer> {
  if (!/^[ -'*-[\]-~]*$/.test(text)) throw new RangeError("makePdf takes plain ASCII text");
  const content = `BT /F1 24 Tf 20 60 Td (${text}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R " +
    "/Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let pdf = "%PDF-1.4\n";
  const offsets = objects.map((body, i) => {
    const at = pdf.length;
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const at of offsets) pdf += `${String(at).padStart(10, "0")} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(pdf);
}
