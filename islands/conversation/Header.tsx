/**
 * The conversation view's header: the derived title, counts, dates, models and tokens, and what
 * could not be shown; while the transcript is still being read, how much of it has been.
 * @module
 */
import type { VNode } from "preact";
import type { Conversation } from "../../lib/conversation/parse.ts";
import { formatSpan, formatTokens, plural } from "./present.ts";

/** Props of {@link Header}. */
export interface HeaderProps {
  /** The parsed conversation, or null while it is being read. */
  conversation: Conversation | null;
  /** The share of its lines read so far, from 0 to 1. */
  done: number;
}

/**
 * The header of a conversation, or of one still being read.
 * @example
 * ```tsx
 * import { Header } from "./Header.tsx";
 * <Header conversation={null} done={0.4} />; // "Reading the conversation… 40%"
 * ```
 */
export function Header({ conversation, done }: HeaderProps): VNode {
  if (!conversation) {
    // As tall as the usual header to come (title, counts, models and tokens), so that the turns
    // below do not move when it does.
    return (
      <header class="cv-header">
        <h2 class="cv-title">Reading the conversation…</h2>
        <p class="cv-meta" role="status">{Math.round(done * 100)}% read</p>
        <p class="cv-meta" aria-hidden="true">&nbsp;</p>
      </header>
    );
  }
  const { stats, skipped, title } = conversation;
  const totalTokens = stats.usage.input + stats.usage.output + stats.usage.cacheRead +
    stats.usage.cacheWrite;
  return (
    <header class="cv-header">
      <h2 class="cv-title">{title}</h2>
      <p class="cv-meta">
        <span>{plural(stats.prompts, "prompt")}</span>
        <span>
          {plural(stats.replies, "reply", "replies")}
          {stats.agentReplies > 0 &&
            ` (${stats.agentReplies.toLocaleString("en")} by sub-agents)`}
        </span>
        <span>{plural(stats.toolCalls, "tool call")}</span>
        <span>{plural(stats.lines, "line")}</span>
        {stats.start && (
          <time dateTime={stats.start} title={`${stats.start} – ${stats.end}`}>
            {formatSpan(stats.start, stats.end)}
          </time>
        )}
      </p>
      {(stats.models.length > 0 || totalTokens > 0) && (
        <p class="cv-meta">
          {stats.models.map((m) => <span key={m} class="cv-model">{m}</span>)}
          {totalTokens > 0 && <span>{formatTokens(totalTokens)} tokens</span>}
        </p>
      )}
      {skipped.malformed > 0 && (
        <p class="cv-skipped" role="status">
          {plural(skipped.malformed, "line")} could not be read and{" "}
          {skipped.malformed === 1 ? "was" : "were"} skipped.
        </p>
      )}
      {skipped.unknown > 0 && (
        <p class="cv-unknown muted">
          {plural(skipped.unknown, "line")} of a kind this viewer does not know{" "}
          {skipped.unknown === 1 ? "is" : "are"} not shown.
        </p>
      )}
    </header>
  );
}
