/**
 * The upload-token field of a private instance: a small password input while the browser holds
 * no token, or a line saying one is saved, with a button to enter another.
 * @module
 */
import type { Ref, VNode } from "preact";

/** Props of {@link TokenField}. */
export interface TokenFieldProps {
  /** True when a token is saved in this browser (no input shown then). */
  saved: boolean;
  /** What is typed in the input. */
  value: string;
  onInput: (value: string) => void;
  /** Drops the saved token and shows the input again. */
  onReplace: () => void;
  disabled?: boolean;
  /** The input, to focus it when the server refused a token. */
  inputRef?: Ref<HTMLInputElement>;
}

/**
 * Renders the field.
 * @example
 * ```tsx
 * import { useState } from "preact/hooks";
 * import { TokenField } from "./TokenField.tsx";
 * import { forgetUploadToken } from "./token.ts";
 * function Field() {
 *   const [token, setToken] = useState("");
 *   return <TokenField saved={false} value={token} onInput={setToken} onReplace={forgetUploadToken} />;
 * }
 * ```
 */
export function TokenField(props: TokenFieldProps): VNode {
  if (props.saved) {
    return (
      <p class="muted" data-token="saved">
        This server is private: its upload token is saved in this browser.{" "}
        <button type="button" disabled={props.disabled} onClick={props.onReplace}>
          Use another token
        </button>
      </p>
    );
  }
  return (
    <div data-token="ask">
      <label for="upload-token">Upload token (this server is private)</label>
      <input
        id="upload-token"
        type="password"
        autocomplete="off"
        required
        value={props.value}
        disabled={props.disabled}
        ref={props.inputRef}
        aria-describedby="upload-token-help"
        onInput={(e) => props.onInput((e.currentTarget as HTMLInputElement).value)}
      />
      <p id="upload-token-help" class="muted">
        Ask whoever runs this server. Once it is accepted, this browser remembers it.
      </p>
    </div>
  );
}
