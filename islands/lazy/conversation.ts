/**
 * Lazily loaded conversation renderer (islands/conversation/), fetched only for shares of kind
 * "conversation".
 * @module
 */
export { mountConversation } from "../conversation/mount.ts";
