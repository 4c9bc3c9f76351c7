/**
 * The share-script commands for this server, shown on every page: the way to use hushlink
 * without a browser (or without JavaScript).
 * @module
 */
import type { VNode } from "preact";

/** Props of {@link ShareCommand}. */
export interface ShareCommandProps {
  /** This server's public origin, e.g. "https://share.example". */
  origin: string;
  /** Also show how to read and delete a link. */
  full?: boolean;
}

/**
 * Renders the `deno run` commands for the share script served by this server.
 * @example
 * ```tsx
 * import assert from "node:assert/strict";
 * import { render } from "preact-render-to-string";
 * import { ShareCommand } from "./ShareCommand.tsx";
 * const html = render(<ShareCommand origin="https://share.example" full />);
 * assert(html.includes("https://share.example/share.js"));
 * ```
 */
export function ShareCommand({ origin, full }: ShareCommandProps): VNode {
  const script = `${origin}/share.js`;
  return (
    <div class="commands">
      <pre><code>deno run -NR {script} FILE</code></pre>
      {full && (
        <>
          <pre><code>deno run -NRW {script} get LINK</code></pre>
          <pre><code>deno run -NR {script} delete DELETE_LINK</code></pre>
          <p>
            As a <code>hushlink</code> command:
          </p>
          <pre><code>deno install -g -N -R -n hushlink {script}</code></pre>
          <p>For AI agents (an MCP server; keys stay on your machine):</p>
          <pre><code>claude mcp add hushlink -- deno run -A {script} mcp</code></pre>
        </>
      )}
    </div>
  );
}
