/**
 * Islands glue shared by the server and the browser: the server renders an island's component to
 * HTML inside a marker element and puts its props next to it in a non-executable
 * `<script type="application/json">` block; the island's own bundle (one per island, loaded with
 * `<script type="module" src>`) finds the block, parses the props and hydrates the same component.
 * Nothing here touches Deno APIs, so the browser bundles can import it.
 * @module
 */
import { type ComponentType, h, hydrate, type VNode } from "preact";

/**
 * Attribute naming the island on its wrapper element.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ISLAND_ATTR } from "./islands.ts";
 * // In the browser: document.querySelector(`[${ISLAND_ATTR}="viewer"]`)
 * assert(`[${ISLAND_ATTR}="viewer"]` === '[data-island="viewer"]');
 * ```
 */
export const ISLAND_ATTR = "data-island";
/**
 * Attribute marking the JSON props block of an island.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { PROPS_ATTR } from "./islands.ts";
 * // In the browser: document.querySelector(`script[${PROPS_ATTR}="viewer"]`)
 * assert(`script[${PROPS_ATTR}="viewer"]` === 'script[data-island-props="viewer"]');
 * ```
 */
export const PROPS_ATTR = "data-island-props";

/**
 * Serialises props for an inline JSON block. `<` is escaped so no string inside the props can close
 * the script element early (`</script>`) or open a comment; the JSON stays equivalent.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { encodeProps } from "./islands.ts";
 * const json = encodeProps({ a: "</script>" });
 * assert(json === '{"a":"\\u003c/script>"}' && JSON.parse(json).a === "</script>");
 * ```
 */
export function encodeProps(props: unknown): string {
  return JSON.stringify(props).replaceAll("<", "\\u003c").replaceAll("\u2028", "\\u2028")
    .replaceAll("\u2029", "\\u2029");
}

/** Props of {@link Island}. */
export interface IslandProps<P> {
  /** Island name: the key of its bundle in the asset manifest. */
  name: string;
  /** URL of the island's bundle (content-hashed). */
  src: string;
  /** The component rendered on the server and hydrated in the browser. */
  component: ComponentType<P>;
  /** Its props; must survive JSON (no functions, no Dates). */
  props: P;
}

/**
 * Server side: renders an island (markup, props block, module script).
 * @example
 * ```tsx
 * import assert from "node:assert/strict";
 * import { render } from "preact-render-to-string";
 * import { Island } from "./islands.ts";
 * function Viewer({ id }: { id: string }) {
 *   return <p>share {id}</p>;
 * }
 * const id = "q3Xh0s5c9m1Jd0l5bY2Vtw";
 * const html = render(
 *   <Island name="viewer" src="/static/build/viewer-1a2b.js" component={Viewer} props={{ id }} />,
 * );
 * assert(html.includes(`<p>share ${id}</p>`) && html.includes('data-island="viewer"'));
 * ```
 */
export function Island<P>({ name, src, component, props }: IslandProps<P>): VNode {
  return h(
    "div",
    { class: "island", [ISLAND_ATTR]: name },
    h("div", { class: "island-root" }, h(component as ComponentType<object>, props as object)),
    h("script", {
      type: "application/json",
      [PROPS_ATTR]: name,
      dangerouslySetInnerHTML: { __html: encodeProps(props) },
    }),
    h("script", { type: "module", src }),
  ) as VNode;
}

/**
 * Browser side: hydrates every instance of island `name` on the page with `component`.
 * @example
 * ```tsx
 * import { hydrateIsland } from "./islands.ts";
 * function Viewer({ id }: { id: string }) {
 *   return <p>share {id}</p>;
 * }
 * // In the island's browser bundle; there is no document in Deno.
 * if ("document" in globalThis) hydrateIsland("viewer", Viewer);
 * ```
 */
export function hydrateIsland<P>(name: string, component: ComponentType<P>): void {
  for (const wrapper of document.querySelectorAll(`[${ISLAND_ATTR}="${name}"]`)) {
    const root = wrapper.querySelector(".island-root");
    const block = wrapper.querySelector(`script[${PROPS_ATTR}="${name}"]`);
    if (!root || !block) continue;
    const props = JSON.parse(block.textContent ?? "null") as P;
    hydrate(h(component as ComponentType<object>, props as object), root);
  }
}
