/**
 * A fake Claude Code configuration folder for one real project directory: two sessions, the
 * newer holding a planted fake token. The token is generated at run time, its prefix split, so
 * that no secret-shaped literal is written in the repository.
 * @module
 */
import { projectFolderName } from "../../lib/sessions/mod.ts";

/** Session ids of the fake project. */
export const OLDER_ID = "1a2b3c4d-0000-4000-8000-000000000001";
/** The newer session: the one Claude Code would be writing to. */
export const NEWER_ID = "5e6f7a8b-0000-4000-8000-000000000002";

/** What {@link fakeClaude} made; disposing it removes everything. */
export interface FakeClaude extends AsyncDisposable {
  /** A temporary directory standing in for the home directory. */
  home: string;
  /** `<home>/.claude`, Claude Code's configuration folder. */
  claudeDir: string;
  /** The project directory (real, resolved path, as Claude Code records it). */
  project: string;
  /** The project's session folder, `<claudeDir>/projects/<folder>`. */
  sessions: string;
  /** The planted fake GitHub token, inside the newer session's first prompt. */
  token: string;
}

function randomAlnum(n: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => alphabet[b % 62]).join("");
}

function transcript(id: string, cwd: string, prompt: string, reply: string): string {
  const base = { sessionId: id, cwd, isSidechain: false };
  return [
    {
      ...base,
      type: "user",
      uuid: crypto.randomUUID(),
      timestamp: "2026-12-01T10:00:00.000Z",
      message: { role: "user", content: prompt },
    },
    {
      ...base,
      type: "assistant",
      uuid: crypto.randomUUID(),
      timestamp: "2026-12-01T10:00:05.000Z",
      message: {
        id: `msg_${id.slice(0, 8)}`,
        role: "assistant",
        model: "claude-sonnet-4-5",
        content: [{ type: "text", text: reply }],
      },
    },
  ].map((line) => JSON.stringify(line) + "\n").join("");
}

/**
 * Builds the fake home, its `.claude/projects/<folder>/` for a fresh project directory, and two
 * sessions there: {@link OLDER_ID} ("Rename the config loader") and, written later,
 * {@link NEWER_ID} ("Why does the deploy fail?", with the token).
 * @example
 * ```ts
 * await using claude = await fakeClaude();
 * // run with CLAUDE_CONFIG_DIR=claude.claudeDir (or HOME=claude.home) in claude.project
 * ```
 */
export async function fakeClaude(): Promise<FakeClaude> {
  const home = await Deno.makeTempDir({ prefix: "hushlink-claude-" });
  await Deno.mkdir(`${home}/work/my_app.v2`, { recursive: true });
  // Claude Code records the resolved path (a temporary directory may sit behind a symlink).
  const project = await Deno.realPath(`${home}/work/my_app.v2`);
  const claudeDir = `${home}/.claude`;
  const dir = `${claudeDir}/projects/${projectFolderName(project)}`;
  await Deno.mkdir(dir, { recursive: true });
  const token = "gh" + "p_" + randomAlnum(36);
  const older = `${dir}/${OLDER_ID}.jsonl`;
  const newer = `${dir}/${NEWER_ID}.jsonl`;
  await Deno.writeTextFile(
    older,
    transcript(OLDER_ID, project, "Rename the config loader", "Renamed it to loadSettings."),
  );
  await Deno.writeTextFile(
    newer,
    transcript(
      NEWER_ID,
      project,
      `Why does the deploy fail? It pushes with ${token} as the token`,
      "The token lacks the workflow scope.",
    ),
  );
  await Deno.utime(older, new Date(), new Date("2026-12-01T10:00:00Z"));
  await Deno.utime(newer, new Date(), new Date("2026-12-01T11:00:00Z"));
  return {
    home,
    claudeDir,
    project,
    sessions: dir,
    token,
    [Symbol.asyncDispose]: () => Deno.remove(home, { recursive: true }),
  };
}
