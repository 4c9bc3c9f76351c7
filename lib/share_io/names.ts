/**
 * Safe file names for what a share says its files are called. The names come from the sender,
 * so they are untrusted: no directories (no traversal, no absolute paths), no control or
 * invisible direction characters, nothing a file system refuses.
 * @module
 */

/**
 * Reduces an untrusted name to one safe path component; `fallback` replaces a name with
 * nothing usable left.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { safeName } from "./names.ts";
 * assert.equal(safeName("../../etc/passwd", "file"), "passwd");
 * assert.equal(safeName("C:\\x\\..", "file"), "file");
 * ```
 */
export function safeName(name: string, fallback: string): string {
  const base = name.split(/[/\\]/).pop() ?? "";
  const cleaned = base
    // Control characters, and bidi/zero-width marks that make a name look like another.
    // deno-lint-ignore no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, "")
    .replace(/[<>:"|?*]/g, "_")
    .trim()
    .slice(0, 200);
  return cleaned === "" || /^\.+$/.test(cleaned) ? fallback : cleaned;
}

/**
 * Makes every name in the list safe and distinct (`a.txt`, `a (2).txt`...), case-insensitively
 * so that the result also holds on case-insensitive file systems.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { safeNames } from "./names.ts";
 * assert.deepEqual(safeNames(["a.txt", "x/a.txt"]), ["a.txt", "a (2).txt"]);
 * ```
 */
export function safeNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((raw, i) => {
    const name = safeName(raw, `file-${i + 1}`);
    const dot = name.lastIndexOf(".");
    const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
    let candidate = name;
    for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem} (${n})${ext}`;
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}
