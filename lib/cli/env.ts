/**
 * Environment variables without demanding `--allow-env`: the script reads a variable only when
 * the permission is already granted, or, for values it cannot do without, asks for exactly that
 * variable (Deno shows its prompt on a terminal; elsewhere the answer is "no" and the caller
 * falls back).
 * @module
 */

/**
 * Returns the variable's value, or undefined when it is unset or may not be read.
 * With `ask`, a missing permission is requested for this one variable.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readEnv } from "./env.ts";
 * Deno.env.set("HUSHLINK_EXAMPLE", "");
 * assert.equal(await readEnv("HUSHLINK_EXAMPLE"), undefined); // empty counts as unset; never prompts
 * // readEnv("HUSHLINK_PASSWORD", { ask: true }) may ask for the permission at a terminal.
 * ```
 */
export async function readEnv(
  name: string,
  options: { ask?: boolean } = {},
): Promise<string | undefined> {
  const descriptor = { name: "env", variable: name } as const;
  let { state } = await Deno.permissions.query(descriptor);
  if (state === "prompt" && options.ask) ({ state } = await Deno.permissions.request(descriptor));
  if (state !== "granted") return undefined;
  const value = Deno.env.get(name);
  return value === "" ? undefined : value;
}
