/**
 * Live "expires in …" text.
 * @module
 */
import type { VNode } from "preact";
import { useEffect, useState } from "preact/hooks";
import { formatDuration } from "../../lib/format.ts";

/**
 * Shows the time left until `expiresAt`, updated every second.
 * @example
 * ```tsx
 * import { Countdown } from "./Countdown.tsx";
 * <Countdown expiresAt="2026-11-30T10:00:00.000Z" />
 * ```
 */
export function Countdown({ expiresAt }: { expiresAt: string }): VNode {
  const end = Date.parse(expiresAt);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = (end - now) / 1000;
  return (
    <time dateTime={expiresAt} title={new Date(end).toLocaleString()}>
      {left > 0 ? `expires in ${formatDuration(left)}` : "expired"}
    </time>
  );
}
