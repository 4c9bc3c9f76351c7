/**
 * Terminal output as the view shows it: ANSI SGR colour and weight codes become a fixed set of CSS
 * classes (the page's CSP forbids style attributes), every other escape sequence is removed.
 * Pure, so it is unit-tested in Deno.
 * @module
 */

/** A run of text with the classes its SGR state maps to ("" for none). */
export interface AnsiSpan {
  text: string;
  cls: string;
}

const COLOURS = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"];

/** SGR sequences (`ESC [ … m`), captured, and every other escape sequence, dropped. */
const ESCAPES =
  // deno-lint-ignore no-control-regex -- matching the escape character is the point
  /\x1b\[([0-9;]*)m|\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]?/g;

interface State {
  fg: string | null;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
}

function apply(state: State, params: string): void {
  const codes = params === "" ? [0] : params.split(";").map(Number);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c === 0) {
      Object.assign(state, { fg: null, bold: false, dim: false, italic: false, underline: false });
    } else if (c === 1) state.bold = true;
    else if (c === 2) state.dim = true;
    else if (c === 3) state.italic = true;
    else if (c === 4) state.underline = true;
    else if (c === 22) state.bold = state.dim = false;
    else if (c === 23) state.italic = false;
    else if (c === 24) state.underline = false;
    else if (c === 39) state.fg = null;
    else if (c >= 30 && c <= 37) state.fg = COLOURS[c - 30];
    else if (c >= 90 && c <= 97) state.fg = `bright-${COLOURS[c - 90]}`;
    // 256-colour and true-colour arguments (38;5;n, 38;2;r;g;b, and the same for 48) are
    // skipped: only the fixed palette has classes.
    else if ((c === 38 || c === 48) && codes[i + 1] === 5) i += 2;
    else if ((c === 38 || c === 48) && codes[i + 1] === 2) i += 4;
  }
}

function classes(state: State): string {
  return [
    state.fg && `ansi-${state.fg}`,
    state.bold && "ansi-bold",
    state.dim && "ansi-dim",
    state.italic && "ansi-italic",
    state.underline && "ansi-underline",
  ].filter(Boolean).join(" ");
}

/**
 * Splits terminal output into styled runs.
 * @example
 * ```ts
 * import { ansiSpans } from "./ansi.ts";
 * ansiSpans("\x1b[1;31mfailed\x1b[0m ok");
 * // [{ text: "failed", cls: "ansi-red ansi-bold" }, { text: " ok", cls: "" }]
 * ```
 */
export function ansiSpans(text: string): AnsiSpan[] {
  const out: AnsiSpan[] = [];
  const state: State = { fg: null, bold: false, dim: false, italic: false, underline: false };
  const push = (s: string) => {
    if (!s) return;
    const cls = classes(state);
    const last = out.at(-1);
    if (last && last.cls === cls) last.text += s;
    else out.push({ text: s, cls });
  };
  let at = 0;
  for (const m of text.matchAll(ESCAPES)) {
    push(text.slice(at, m.index));
    at = m.index + m[0].length;
    if (m[1] !== undefined) apply(state, m[1]);
  }
  push(text.slice(at));
  return out;
}

/**
 * Terminal output without any escape sequence (for copying and one-line summaries).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { stripAnsi } from "./ansi.ts";
 * assert.equal(stripAnsi("\x1b[32mok\x1b[0m"), "ok");
 * ```
 */
export function stripAnsi(text: string): string {
  return text.replace(ESCAPES, "");
}
