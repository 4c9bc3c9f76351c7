/**
 * Reads the content blocks of a transcript message (the Anthropic Messages API's block types as
 * Claude Code stores them) into the view's {@link Block}s. Unknown block types become a short
 * text naming them, never an error. Portable (Deno and browser).
 * @module
 */
import type {
  Block,
  DocumentBlock,
  ImageBlock,
  Source,
  ToolResult,
  ToolUseBlock,
} from "./model.ts";

/** A parsed JSON object. */
export type Json = Record<string, unknown>;

/**
 * Whether `v` is a plain JSON object.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isObject } from "./blocks.ts";
 * assert(isObject({}));
 * assert.equal(isObject([]), false);
 * ```
 */
export function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * `v` if it is a string, else null.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { str } from "./blocks.ts";
 * assert.equal(str("a"), "a");
 * assert.equal(str(1), null);
 * ```
 */
export function str(v: unknown): string | null {
  return typeof v === "string" ? v : null;
}

function readImage(v: Json): ImageBlock | null {
  const source = v.source;
  if (!isObject(source) || source.type !== "base64") return null;
  const mediaType = str(source.media_type);
  const data = str(source.data);
  return mediaType && data ? { type: "image", mediaType, data } : null;
}

/** Bytes encoded by a base64 string (without decoding it). */
function base64Size(data: string): number {
  const pad = data.endsWith("==") ? 2 : data.endsWith("=") ? 1 : 0;
  return Math.max(0, Math.floor((data.length * 3) / 4) - pad);
}

/** A `document` block: a PDF (base64) or a plain-text file handed to the model. */
function readDocument(v: Json): DocumentBlock {
  const source = isObject(v.source) ? v.source : {};
  const data = str(source.data) ?? "";
  const text = source.type === "text" ? data : null;
  return {
    type: "document",
    title: str(v.title) ?? str(source.title),
    mediaType: str(source.media_type),
    text,
    size: text !== null ? text.length : base64Size(data),
  };
}

/** The parts of a tool result's `content`: a string, or text, image, document and tool parts. */
export function readResultContent(
  v: unknown,
): Pick<ToolResult, "text" | "images" | "documents" | "toolNames"> {
  const out = { text: "", images: [] as ImageBlock[], documents: [] as DocumentBlock[] };
  const toolNames: string[] = [];
  if (typeof v === "string") return { ...out, text: v, toolNames };
  const texts: string[] = [];
  for (const part of Array.isArray(v) ? v : []) {
    if (!isObject(part)) continue;
    if (part.type === "text" && typeof part.text === "string") texts.push(part.text);
    else if (part.type === "image") {
      const image = readImage(part);
      if (image) out.images.push(image);
    } else if (part.type === "document") out.documents.push(readDocument(part));
    else if (part.type === "tool_reference" && typeof part.tool_name === "string") {
      toolNames.push(part.tool_name);
    }
  }
  return { ...out, text: texts.join("\n"), toolNames };
}

/** An empty result for call `toolUseId`, to be filled in by the reader of its content. */
export function emptyResult(toolUseId: string, timestamp: string | null): ToolResult {
  return {
    toolUseId,
    isError: false,
    text: "",
    images: [],
    documents: [],
    toolNames: [],
    sources: [],
    timestamp,
    agentId: null,
    details: null,
    rejection: null,
    reminders: [],
  };
}

/**
 * The result of a server-side tool (`web_search_tool_result`, `web_fetch_tool_result`), which
 * the API returns inside the assistant's own message.
 */
function serverResult(b: Json, timestamp: string | null): ToolResult {
  const result = emptyResult(str(b.tool_use_id) ?? "", timestamp);
  const content = b.content;
  if (Array.isArray(content)) {
    result.sources = content.flatMap((r): Source[] =>
      isObject(r) && typeof r.url === "string" ? [{ title: str(r.title) ?? r.url, url: r.url }] : []
    );
    result.text = result.sources.length ? "" : "(no results)";
  } else if (isObject(content)) {
    if (typeof content.error_code === "string") {
      result.isError = true;
      result.text = `Error: ${content.error_code}`;
    } else if (isObject(content.content)) {
      const doc = readDocument(content.content);
      const url = str(content.url);
      if (url) result.sources = [{ title: doc.title ?? url, url }];
      if (doc.text !== null) result.text = doc.text;
      else result.documents = [doc];
    }
  }
  return result;
}

/** Where the blocks of one message go, and how calls are found again by their results. */
export interface BlockContext {
  /** Time of the line, stamped on results found inside the message. */
  timestamp: string | null;
  /** Registers a call so that its result, sub-agent and duration can be attached later. */
  register(call: ToolUseBlock): void;
  /** The call with this id, if registered. */
  call(id: string): ToolUseBlock | undefined;
}

/**
 * Reads a message's `content` (a string, or an array of blocks). Tool results are not read here:
 * the timeline attaches them to their calls.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { readBlocks } from "./blocks.ts";
 * const calls = new Map();
 * const blocks = readBlocks([{ type: "text", text: "Hi" }], {
 *   timestamp: null,
 *   register: (c) => calls.set(c.id, c),
 *   call: (id) => calls.get(id),
 * });
 * assert.deepEqual(blocks, [{ type: "text", text: "Hi" }]);
 * ```
 */
export function readBlocks(content: unknown, context: BlockContext): Block[] {
  if (typeof content === "string") return content ? [{ type: "text", text: content }] : [];
  if (!Array.isArray(content)) return [];
  const out: Block[] = [];
  for (const b of content) {
    if (!isObject(b)) continue;
    switch (b.type) {
      case "text":
        if (typeof b.text === "string") out.push({ type: "text", text: b.text });
        break;
      case "thinking":
        // A thinking block can be empty (only its signature kept): nothing to show.
        if (typeof b.thinking === "string" && b.thinking.trim()) {
          out.push({ type: "thinking", text: b.thinking, redacted: false });
        }
        break;
      case "redacted_thinking":
        out.push({ type: "thinking", text: "", redacted: true });
        break;
      case "tool_use":
      case "server_tool_use": {
        if (typeof b.name !== "string") {
          out.push({ type: "text", text: `[${b.type} block not shown]` });
          break;
        }
        const call: ToolUseBlock = {
          type: "tool_use",
          id: str(b.id) ?? "",
          name: b.name,
          input: b.input ?? null,
          server: b.type === "server_tool_use",
          result: null,
          agent: null,
        };
        if (call.id) context.register(call);
        out.push(call);
        break;
      }
      case "web_search_tool_result":
      case "web_fetch_tool_result": {
        const result = serverResult(b, context.timestamp);
        const call = context.call(result.toolUseId);
        if (call) call.result = result;
        else out.push({ type: "tool_result", result });
        break;
      }
      case "image":
        out.push(readImage(b) ?? { type: "text", text: "[image not embedded in the transcript]" });
        break;
      case "document":
        out.push(readDocument(b));
        break;
      default:
        if (typeof b.type === "string") {
          out.push({ type: "text", text: `[${b.type} block not shown]` });
        }
    }
  }
  return out;
}
