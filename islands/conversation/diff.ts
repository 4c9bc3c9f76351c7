/**
 * Line diffs for file edits: from Claude Code's own `structuredPatch` when the transcript has it,
 * else computed from the edit's old and new text. Pure, so it is unit-tested in Deno.
 * @module
 */

/** One line of a diff: kept, removed or added; `hunk` lines head a hunk (`@@ -1,3 +1,4 @@`). */
export interface DiffLine {
  op: " " | "-" | "+" | "@";
  text: string;
}

/** Above this many lines on either side the diff is not minimised: all old out, all new in. */
const MAX_LCS_LINES = 400;

/**
 * The lines of `before` and `after` as a diff (longest common subsequence of lines).
 * @example
 * ```ts
 * import { diffLines } from "./diff.ts";
 * diffLines("a\nb", "a\nc");
 * // [{ op: " ", text: "a" }, { op: "-", text: "b" }, { op: "+", text: "c" }]
 * ```
 */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = before === "" ? [] : before.split("\n");
  const b = after === "" ? [] : after.split("\n");
  if (a.length > MAX_LCS_LINES || b.length > MAX_LCS_LINES) {
    return [
      ...a.map((text): DiffLine => ({ op: "-", text })),
      ...b.map((text): DiffLine => ({ op: "+", text })),
    ];
  }
  // lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..].
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint16Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const out: DiffLine[] = [];
  let i = 0, j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ op: " ", text: a[i++] });
      j++;
    } else if (i < a.length && (j === b.length || lcs[i + 1][j] >= lcs[i][j + 1])) {
      // Removals before additions, as diff tools print them.
      out.push({ op: "-", text: a[i++] });
    } else out.push({ op: "+", text: b[j++] });
  }
  return out;
}

/**
 * The lines of Claude Code's `structuredPatch` (hunks of `" "`/`"-"`/`"+"`-prefixed lines), or
 * null when `patch` is not one.
 * @example
 * ```ts
 * import { patchLines } from "./diff.ts";
 * patchLines([{ oldStart: 1, oldLines: 1, newStart: 1, newLines: 1, lines: ["-a", "+b"] }]);
 * // [{ op: "@", text: "@@ -1,1 +1,1 @@" }, { op: "-", text: "a" }, { op: "+", text: "b" }]
 * ```
 */
export function patchLines(patch: unknown): DiffLine[] | null {
  if (!Array.isArray(patch) || patch.length === 0) return null;
  const out: DiffLine[] = [];
  for (const hunk of patch) {
    if (typeof hunk !== "object" || hunk === null || !Array.isArray(hunk.lines)) return null;
    const n = (v: unknown) => (typeof v === "number" ? v : 0);
    out.push({
      op: "@",
      text: `@@ -${n(hunk.oldStart)},${n(hunk.oldLines)} +${n(hunk.newStart)},${
        n(hunk.newLines)
      } @@`,
    });
    for (const line of hunk.lines) {
      if (typeof line !== "string") continue;
      const op = line[0] === "-" || line[0] === "+" ? line[0] : " ";
      out.push({ op, text: op === " " && line[0] !== " " ? line : line.slice(1) });
    }
  }
  return out;
}
