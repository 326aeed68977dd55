/**
 * Plain text with light formatting, parsed into blocks the worksheet renders as elements
 * (never as HTML): paragraphs separated by blank lines, lines starting with "- " as bullet
 * lists, and **bold** spans. Anything else, tags included, stays text.
 */

export interface Span {
  text: string;
  bold: boolean;
}

export type Block = { kind: "paragraph"; lines: Span[][] } | { kind: "list"; items: Span[][] };

/** Splits a line into plain and **bold** spans (an unpaired "**" stays as text). */
export function spans(line: string): Span[] {
  const parts = line.split("**");
  if (parts.length < 3) return line ? [{ text: line, bold: false }] : [];
  const out: Span[] = [];
  // An even count of parts means one "**" has no partner: it joins the last part as text.
  const paired = parts.length % 2 === 1 ? parts : [...parts.slice(0, -2), `${parts.at(-2)}**${parts.at(-1)}`];
  paired.forEach((text, i) => {
    if (text) out.push({ text, bold: i % 2 === 1 });
  });
  return out;
}

export function blocks(text: string): Block[] {
  const out: Block[] = [];
  for (const chunk of text.replace(/\r\n?/g, "\n").split(/\n\s*\n/)) {
    const lines = chunk.split("\n").filter((l) => l.trim() !== "");
    let para: Span[][] = [];
    let list: Span[][] = [];
    const flushPara = () => {
      if (para.length) out.push({ kind: "paragraph", lines: para });
      para = [];
    };
    const flushList = () => {
      if (list.length) out.push({ kind: "list", items: list });
      list = [];
    };
    for (const line of lines) {
      const bullet = /^\s*[-*] (.*)$/.exec(line);
      if (bullet) {
        flushPara();
        list.push(spans(bullet[1]));
      } else {
        flushList();
        para.push(spans(line.trim()));
      }
    }
    flushPara();
    flushList();
  }
  return out;
}
