/**
 * Lazily loaded code of large shares (over STREAM_THRESHOLD, islands/view/large_facts.ts): the
 * service worker's registration, reading by ranges, saving to disk with a picker or as a streamed
 * download, playing media in place and paging through a large text. Only a large share's page
 * loads it.
 * @module
 */
export { hasPickers, pickTarget, saveToDisk } from "../view/disk.ts";
export { openManifestFirst, rangedOpening } from "../view/large.ts";
export { playInPlace } from "../view/play_in_place.ts";
export { downloadShare } from "../view/save_stream.ts";
export { startServiceWorker } from "../view/service_worker.ts";
export { textPages } from "../view/text_pages.ts";
