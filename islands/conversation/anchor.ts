/**
 * Keeping the reader's place when what is rendered changes. When the view switches between "Chat
 * only" and "Everything", the place is the prompt or reply text at the top of the screen (shown in
 * both views), found again after the switch and put back at the same height; when items are added
 * or dropped above the screen, or the header above them changes, it is simply the first item on
 * screen.
 * @module
 */

/** Text shown in both views: prompts, reply text, slash commands asked as prompts. */
const CHAT_TEXT = ".cv-md, .cv-plain, .cv-command-prompt";

/** Where the reader is: a text of a timeline item, and its distance from the top of the screen. */
export interface ReadingPlace {
  /** The item's place in the whole timeline (its `data-i`). */
  item: number;
  /** Which of the item's chat texts; -1 for the item itself. */
  text: number;
  /** Its top edge relative to the viewport, in CSS pixels. */
  top: number;
}

function chatTexts(item: Element): Element[] {
  return [...item.querySelectorAll(CHAT_TEXT)].filter((el) => !el.closest(".cv-nochat"));
}

/**
 * The text being read in `container` (the list of `.cv-item`s) below `edge` (the bottom of
 * anything that covers the top of the screen, such as a sticky toolbar): the first chat text that
 * starts on screen, or, when none starts before the screen ends, the last one that started above
 * it (a long reply, or a tool call, is being read).
 * @example
 * ```ts
 * import { readingPlace } from "./anchor.ts";
 * if (typeof document !== "undefined") readingPlace(document.querySelector(".cv-items"), 0);
 * ```
 */
export function readingPlace(container: Element | null, edge: number): ReadingPlace | null {
  let last: ReadingPlace | null = null;
  for (const item of container?.children ?? []) {
    const index = Number((item as HTMLElement).dataset.i);
    for (const [k, text] of chatTexts(item).entries()) {
      const { top } = text.getBoundingClientRect();
      if (top >= innerHeight) return last ?? { item: index, text: k, top };
      if (top >= edge) return { item: index, text: k, top };
      last = { item: index, text: k, top };
    }
  }
  return last;
}

/**
 * The first item in `container` (the list of `.cv-item`s) that shows below `edge` (see
 * {@link readingPlace}): an item on screen, so one that a change far above or below it keeps.
 * @example
 * ```ts
 * import { itemPlace } from "./anchor.ts";
 * if (typeof document !== "undefined") itemPlace(document.querySelector(".cv-items"), 0);
 * ```
 */
export function itemPlace(container: Element | null, edge: number): ReadingPlace | null {
  for (const item of container?.children ?? []) {
    const { top, bottom } = item.getBoundingClientRect();
    if (bottom > edge) return { item: Number((item as HTMLElement).dataset.i), text: -1, top };
  }
  return null;
}

/**
 * Scrolls so that the text of `place` is where it was (or its item, when the text is gone).
 * @example
 * ```ts
 * import { restorePlace } from "./anchor.ts";
 * if (typeof document !== "undefined") {
 *   restorePlace(document.querySelector(".cv-items"), { item: 3, text: 0, top: 120 });
 * }
 * ```
 */
export function restorePlace(container: Element | null, place: ReadingPlace): void {
  const item = container?.querySelector(`[data-i="${place.item}"]`);
  if (!item) return;
  const target = chatTexts(item)[place.text] ?? item;
  scrollBy(0, target.getBoundingClientRect().top - place.top);
}
