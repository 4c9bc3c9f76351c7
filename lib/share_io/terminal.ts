/**
 * Text from elsewhere made harmless for a terminal. A share's content, a name or a server's
 * message can carry escape sequences that write the clipboard (OSC 52), set the window title,
 * clear the screen or move the cursor to forge lines. Here every control character except tab and
 * newline is shown as its Unicode control picture (ESC as ␛) or as U+FFFD, so it prints instead of
 * acting.
 * @module
 */

/** C0 controls but tab and newline, DEL, C1 controls, and a carriage return not before `\n`. */
// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]|\r(?!\n)/g;

function picture(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0x20) return String.fromCharCode(0x2400 + code);
  return code === 0x7f ? "\u2421" : "\uFFFD";
}

/**
 * `text` with its control characters shown instead of acted on (`\r\n` stays a line end).
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { printable } from "./terminal.ts";
 * assert(printable("a\x1b]52;c;ZXZpbA==\x07b") === "a\u241b]52;c;ZXZpbA==\u2407b");
 * assert(printable("line 1\r\nline 2\n") === "line 1\r\nline 2\n");
 * ```
 */
export function printable(text: string): string {
  return text.replace(CONTROL, picture);
}

/**
 * A stream that decodes UTF-8 (invalid bytes become U+FFFD) and passes on {@link printable}
 * text, for content written to a terminal.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { printableStream } from "./terminal.ts";
 * const out = ReadableStream.from([new TextEncoder().encode("\x1b[2Jhi")])
 *   .pipeThrough(printableStream());
 * assert(await new Response(out).text() === "\u241b[2Jhi");
 * ```
 */
export function printableStream(): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  // A carriage return at the end of a piece waits for the next: it may start a `\r\n`.
  let held = "";
  const emit = (text: string, controller: TransformStreamDefaultController<Uint8Array>) => {
    if (text !== "") controller.enqueue(encoder.encode(printable(text)));
  };
  return new TransformStream({
    transform(chunk, controller) {
      let text = held + decoder.decode(chunk, { stream: true });
      held = text.endsWith("\r") ? "\r" : "";
      if (held) text = text.slice(0, -1);
      emit(text, controller);
    },
    flush(controller) {
      emit(held + decoder.decode(), controller);
    },
  });
}
