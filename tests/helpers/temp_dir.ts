/**
 * A temporary directory that removes itself: `await using dir = await tempDir({ prefix })`.
 * @module
 */

/** A temp directory; `await using` removes it with all it holds. */
export interface TempDir extends AsyncDisposable {
  /** Its path. */
  path: string;
}

/**
 * Makes a fresh directory (`Deno.makeTempDir` with the same options).
 * @example
 * ```ts
 * await using dir = await tempDir({ prefix: "hushlink-example-" });
 * await Deno.writeTextFile(`${dir.path}/notes.txt`, "hello");
 * ```
 */
export async function tempDir(options: Deno.MakeTempOptions = {}): Promise<TempDir> {
  const path = await Deno.makeTempDir(options);
  return { path, [Symbol.asyncDispose]: () => Deno.remove(path, { recursive: true }) };
}
