/**
 * What an opened tool call shows, by tool: edits as diffs, written and read files as highlighted
 * code under their path, shell commands with their output as a terminal, todo lists as
 * checklists, web searches and fetches with their queries and sources, sub-agent calls with the
 * sub-agent's conversation inside. Any other tool shows its input as JSON and its output as text.
 * @module
 */
import type { VNode } from "preact";
import type {
  DocumentBlock,
  Item,
  ToolResult,
  ToolUseBlock,
} from "../../lib/conversation/parse.ts";
import { countMessages, SUBAGENT_TOOLS } from "../../lib/conversation/agents.ts";
import { type DiffLine, diffLines, patchLines } from "./diff.ts";
import { languageFor } from "../view/files.ts";
import { Code, Diff, Fold, InlineImage, Markdown, Plain, Terminal } from "./parts.tsx";

type Input = Record<string, unknown>;

const text = (v: unknown): string => (typeof v === "string" ? v : "");

function Label({ children }: { children: string }): VNode {
  return <p class="cv-label">{children}</p>;
}

function Path({ path }: { path: string }): VNode | null {
  return path
    ? (
      <p class="cv-path">
        <code>{path}</code>
      </p>
    )
    : null;
}

/**
 * A document handed to the model, named, never opened: its type, title and size.
 * @example
 * ```tsx
 * import { DocumentNote } from "./tools.tsx";
 * <DocumentNote document={{ type: "document", title: "spec", mediaType: "application/pdf",
 *   text: null, size: 12345 }} />;
 * ```
 */
export function DocumentNote({ document: d }: { document: DocumentBlock }): VNode {
  return (
    <p class="cv-doc muted">
      [{d.mediaType ?? "document"}
      {d.title ? ` “${d.title}”` : ""}, {d.size.toLocaleString("en")} bytes]
    </p>
  );
}

/** Result parts other than text: images, documents, tools made available, web sources. */
function ResultExtras({ result }: { result: ToolResult }): VNode {
  return (
    <>
      {result.images.map((image, i) => <InlineImage key={i} image={image} />)}
      {result.documents.map((d, i) => <DocumentNote key={i} document={d} />)}
      {result.toolNames.length > 0 && (
        <p class="cv-tools-loaded muted">Tools made available: {result.toolNames.join(", ")}</p>
      )}
      {result.sources.length > 0 && (
        <ol class="cv-sources">
          {result.sources.map((s, i) => (
            <li key={i}>
              {/^https?:\/\//i.test(s.url)
                ? <a href={s.url} rel="noopener noreferrer nofollow" target="_blank">{s.title}</a>
                : s.title}
              <span class="cv-source-url">{s.url}</span>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}

/**
 * A result as text plus its other parts; "(no output)" only when there is nothing at all.
 * @example
 * ```tsx
 * import { emptyResult } from "../../lib/conversation/blocks.ts";
 * <ResultBody result={{ ...emptyResult("t1", null), text: "ok" }} />;
 * ```
 */
export function ResultBody({ result }: { result: ToolResult }): VNode {
  const empty = !result.text && !result.images.length && !result.documents.length &&
    !result.toolNames.length && !result.sources.length;
  return (
    <>
      {result.text && <Terminal class="cv-result-text" text={result.text} />}
      <ResultExtras result={result} />
      {result.reminders.length > 0 && (
        <Fold class="cv-note cv-reminder" summary="System reminder" of={result.reminders}>
          {() => <Plain text={result.reminders.join("\n\n")} />}
        </Fold>
      )}
      {empty && <p class="muted">(no output)</p>}
    </>
  );
}

/** The diff of an Edit or MultiEdit: Claude Code's patch, else one computed from the inputs. */
function editDiff(input: Input, result: ToolResult | null): DiffLine[] {
  const patch = patchLines(result?.details?.structuredPatch);
  if (patch) return patch;
  const edits = Array.isArray(input.edits) ? input.edits as Input[] : [input];
  return edits.flatMap((e, i) => [
    ...(edits.length > 1 ? [{ op: "@" as const, text: `edit ${i + 1} of ${edits.length}` }] : []),
    ...diffLines(text(e.old_string), text(e.new_string)),
  ]);
}

/** The lines a Read returned, without Claude Code's line-number gutter (`   12→`). */
function readContent(result: ToolResult): string {
  const file = result.details?.file as Input | undefined;
  if (typeof file?.content === "string") return file.content;
  return result.text.split("\n").map((l) => l.replace(/^\s*\d+→/, "")).join("\n");
}

/**
 * A sub-agent's answer: Claude Code's record of it when there is one (the result seen by the model
 * also carries the agent's id and token usage), else the result's text.
 */
function agentAnswer(result: ToolResult): string {
  const parts = result.details?.content;
  const texts = Array.isArray(parts)
    ? parts.flatMap((p) => (typeof p?.text === "string" ? [p.text as string] : []))
    : [];
  return texts.length ? texts.join("\n\n") : result.text;
}

/** A shell command's output: Claude Code's record keeps stdout and stderr apart, with colours. */
function BashOutput({ result }: { result: ToolResult | null }): VNode | null {
  const stdout = text(result?.details?.stdout);
  const stderr = text(result?.details?.stderr);
  if (!result || result.isError || (!stdout && !stderr)) {
    return <Result result={result} label="Output" />;
  }
  return (
    <>
      <Label>Output</Label>
      {stdout && <Terminal class="cv-result-text" text={stdout} />}
      {stderr && <Terminal class="cv-result-text cv-error" text={stderr} />}
    </>
  );
}

/** The questions Claude asked the person, their options, and the answers given. */
function Questions({ input, result }: { input: Input; result: ToolResult | null }): VNode {
  const questions = Array.isArray(input.questions) ? input.questions as Input[] : [];
  const answers = (result?.details?.answers ?? {}) as Record<string, unknown>;
  return (
    <>
      {questions.map((q, i) => {
        const options = Array.isArray(q.options) ? q.options as Input[] : [];
        const answer = text(answers[text(q.question)]);
        return (
          <div key={i} class="cv-question">
            <p class="cv-query">{text(q.question)}</p>
            <ul>{options.map((o, j) => <li key={j}>{text(o.label)}</li>)}</ul>
            {answer && (
              <p>
                <span class="cv-label">Answer</span> {answer}
              </p>
            )}
          </div>
        );
      })}
      {!Object.keys(answers).length && <Result result={result} label="Answer" />}
    </>
  );
}

const TODO_MARK: Record<string, string> = { completed: "☑", in_progress: "◐", pending: "☐" };

function Todos({ todos }: { todos: unknown }): VNode {
  const list = Array.isArray(todos) ? todos as Input[] : [];
  return (
    <ul class="cv-todos">
      {list.map((t, i) => (
        <li key={i} class={`cv-todo-${text(t.status) || "pending"}`}>
          <span class="cv-todo-mark" aria-hidden="true">{TODO_MARK[text(t.status)] ?? "☐"}</span>
          {text(t.content) || text(t.subject)}
        </li>
      ))}
    </ul>
  );
}

/** The result, unless a tool view already showed it in its own form. */
function Result({ result, label = "Result" }: { result: ToolResult | null; label?: string }) {
  if (!result) return null;
  return (
    <>
      <Label>{result.isError ? "Error" : label}</Label>
      <ResultBody result={result} />
    </>
  );
}

/** Props of {@link ToolDetail}. */
export interface ToolDetailProps {
  call: ToolUseBlock;
  /** Renders a sub-agent's conversation (items.tsx's list, passed in to keep imports acyclic). */
  Items: (props: { items: Item[] }) => VNode;
}

/**
 * The input and result of one call, in the form that suits its tool.
 * @example
 * ```tsx
 * import { ItemList } from "./items.tsx";
 * const call = { type: "tool_use" as const, id: "t1", name: "Bash", input: { command: "ls" },
 *   server: false, result: null, agent: null };
 * <ToolDetail call={call} Items={ItemList} />;
 * ```
 */
export function ToolDetail({ call, Items }: ToolDetailProps): VNode {
  const input = (typeof call.input === "object" && call.input !== null ? call.input : {}) as Input;
  const { result } = call;
  const path = text(input.file_path) || text(input.notebook_path);
  switch (call.name) {
    case "Edit":
    case "MultiEdit":
      return (
        <>
          <Path path={path} />
          <Diff lines={editDiff(input, result)} />
          {result?.isError && <Result result={result} />}
        </>
      );
    case "Write":
      return (
        <>
          <Path path={path} />
          <Code code={text(input.content)} language={languageFor(path)} />
          {result?.isError && <Result result={result} />}
        </>
      );
    case "Read":
      return (
        <>
          <Path path={path} />
          {result && !result.isError && result.text
            ? <Code code={readContent(result)} language={languageFor(path)} />
            : <Result result={result} />}
          {result && !result.isError && <ResultExtras result={result} />}
        </>
      );
    case "Bash":
      return (
        <>
          {text(input.description) && <p class="muted">{text(input.description)}</p>}
          <Terminal class="cv-command-line" text={`$ ${text(input.command)}`} />
          <BashOutput result={result} />
        </>
      );
    case "TodoWrite":
      return <Todos todos={input.todos} />;
    case "ExitPlanMode":
      return (
        <>
          <Label>Plan</Label>
          <Markdown text={text(input.plan)} />
          {result?.isError && <Result result={result} />}
        </>
      );
    case "AskUserQuestion":
      return <Questions input={input} result={result} />;
    case "WebSearch":
    case "web_search":
      return (
        <>
          <p class="cv-query">
            Search: <q>{text(input.query)}</q>
          </p>
          <Result result={result} label="Results" />
        </>
      );
    case "WebFetch":
    case "web_fetch":
      return (
        <>
          <p class="cv-query">
            Fetch: <code>{text(input.url)}</code>
          </p>
          {text(input.prompt) && <p class="muted">{text(input.prompt)}</p>}
          <Result result={result} label="Page" />
        </>
      );
  }
  if (SUBAGENT_TOOLS.has(call.name)) {
    return (
      <>
        <p class="cv-query">
          {text(input.subagent_type) && <span class="cv-model">{text(input.subagent_type)}</span>}
          {" "}
          {text(input.description)}
        </p>
        {!call.agent && (
          // With the conversation below, its first message is this prompt.
          <Fold class="cv-note" summary="Prompt given to the sub-agent" of={input}>
            {() => <Markdown text={text(input.prompt)} />}
          </Fold>
        )}
        {call.agent && (
          <Fold
            of={call.agent}
            class="cv-sidechain"
            summary={`Sub-agent conversation · ${countMessages(call.agent)} messages`}
          >
            {() => <Items items={call.agent ?? []} />}
          </Fold>
        )}
        {result && !result.isError
          ? (
            <>
              <Label>Sub-agent's answer</Label>
              <Markdown text={agentAnswer(result)} />
            </>
          )
          : <Result result={result} />}
      </>
    );
  }
  return (
    <>
      <Label>Input</Label>
      <pre class="cv-pre cv-tool-input">{JSON.stringify(call.input, null, 2)}</pre>
      <Result result={result} />
    </>
  );
}
