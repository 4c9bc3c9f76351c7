/**
 * Calls between threads over `postMessage`: each side of a Worker (or a `MessageChannel`) holds
 * an {@link RpcPeer} that calls the methods the other side serves and serves its own. A call
 * carries an id, the method's name and its arguments; the answer carries the id and the result,
 * or the error, encoded and rebuilt by an {@link ErrorCodec} (structured clone keeps only an
 * error's message). Values that must move rather than be copied — a `ReadableStream`, an
 * `ArrayBuffer` — go in a transfer list: for arguments at the call, for results by returning a
 * {@link Transfer}.
 * @module
 */

/** What messages go through: a `Worker`, a worker's `self`, a `MessagePort`. */
export interface Endpoint {
  postMessage(message: unknown, transfer: Transferable[]): void;
  addEventListener(type: "message", listener: (event: MessageEvent) => void): void;
}

/** How errors cross: `encode` makes cloneable data of a thrown value, `decode` rebuilds one. */
export interface ErrorCodec {
  encode(error: unknown): unknown;
  decode(data: unknown): Error;
}

/** Keeps an error's name and message (what structured clone would, plus the name). */
const plainErrors: ErrorCodec = {
  encode: (error) =>
    error instanceof Error
      ? { name: error.name, message: error.message }
      : { name: "Error", message: String(error) },
  decode: (data) => {
    const { name, message } = data as { name: string; message: string };
    return Object.assign(new Error(message), { name });
  },
};

/**
 * A handler's result to send with a transfer list: ownership of what `transfer` lists moves to
 * the calling thread.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Transfer } from "./rpc.ts";
 * const body = new ReadableStream<Uint8Array>();
 * const reply = new Transfer({ body }, [body]); // a handler returns this
 * assert.equal(reply.value.body, body);
 * ```
 */
export class Transfer<T> {
  /** Wraps `value`, sending `transfer` along moved rather than copied. */
  constructor(readonly value: T, readonly transfer: Transferable[]) {}
}

// deno-lint-ignore no-explicit-any
type Method = (...args: any[]) => unknown;

/** The methods a side serves: the `Api` interface's, each answering a value or a {@link Transfer}. */
export type Handlers<Api> = {
  [K in keyof Api]: Api[K] extends (...args: infer A) => infer R
    ? (...args: A) => Awaited<R> | Transfer<Awaited<R>> | Promise<Awaited<R> | Transfer<Awaited<R>>>
    : never;
};

type Message =
  | { rpc: "call"; id: number | null; method: string; args: unknown[] }
  | { rpc: "reply"; id: number; ok: true; value: unknown }
  | { rpc: "reply"; id: number; ok: false; error: unknown };

/**
 * One side of a two-way call channel: calls the `Remote` interface's methods on the other side,
 * and serves `Local`'s.
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { RpcPeer } from "./rpc.ts";
 * interface Counter {
 *   add(n: number): number;
 *   fail(): void;
 * }
 * const { port1, port2 } = new MessageChannel(); // a Worker and its `self` in the server
 * let total = 0;
 * new RpcPeer<Record<never, never>, Counter>(port1, {
 *   add: (n) => total += n,
 *   fail: () => {
 *     throw new RangeError("no");
 *   },
 * });
 * const counter = new RpcPeer<Counter, Record<never, never>>(port2, {});
 * port1.start();
 * port2.start();
 * assert.equal(await counter.call("add", [2]), 2);
 * assert.equal(await counter.call("add", [3]), 5);
 * await assert.rejects(counter.call("fail", []), { name: "RangeError", message: "no" });
 * port1.close();
 * ```
 */
export class RpcPeer<Remote, Local> {
  readonly #endpoint: Endpoint;
  readonly #handlers: Handlers<Local>;
  readonly #errors: ErrorCodec;
  readonly #pending = new Map<number, PromiseWithResolvers<unknown>>();
  #nextId = 0;
  #broken: Error | null = null;

  /** Serves `handlers` on `endpoint`; errors cross with `errors` (name and message by default). */
  constructor(endpoint: Endpoint, handlers: Handlers<Local>, errors: ErrorCodec = plainErrors) {
    this.#endpoint = endpoint;
    this.#handlers = handlers;
    this.#errors = errors;
    endpoint.addEventListener("message", (event) => this.#receive(event.data as Message));
  }

  /** Calls `method` on the other side; `transfer` lists what of `args` moves there. */
  call<K extends keyof Remote & string>(
    method: K,
    args: Remote[K] extends Method ? Parameters<Remote[K]> : never,
    transfer: Transferable[] = [],
  ): Promise<Remote[K] extends Method ? Awaited<ReturnType<Remote[K]>> : never> {
    if (this.#broken) return Promise.reject(this.#broken);
    const id = this.#nextId++;
    const pending = Promise.withResolvers<unknown>();
    this.#pending.set(id, pending);
    this.#endpoint.postMessage({ rpc: "call", id, method, args } satisfies Message, transfer);
    return pending.promise as Promise<
      Remote[K] extends Method ? Awaited<ReturnType<Remote[K]>> : never
    >;
  }

  /** Calls `method` on the other side without waiting for, or getting, an answer. */
  notify<K extends keyof Remote & string>(
    method: K,
    args: Remote[K] extends Method ? Parameters<Remote[K]> : never,
    transfer: Transferable[] = [],
  ): void {
    if (this.#broken) return;
    this.#endpoint.postMessage({ rpc: "call", id: null, method, args } satisfies Message, transfer);
  }

  /** Fails every call waiting for an answer, and every later one, with `error` (the peer died). */
  fail(error: Error): void {
    this.#broken = error;
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }

  #receive(message: Message): void {
    if (message?.rpc === "reply") {
      const pending = this.#pending.get(message.id);
      if (!pending) return;
      this.#pending.delete(message.id);
      if (message.ok) pending.resolve(message.value);
      else pending.reject(this.#errors.decode(message.error));
    } else if (message?.rpc === "call") {
      this.#serve(message.id, message.method, message.args);
    }
  }

  async #serve(id: number | null, method: string, args: unknown[]): Promise<void> {
    let reply: Message;
    let transfer: Transferable[] = [];
    try {
      const handler = (this.#handlers as Record<string, Method | undefined>)[method];
      if (typeof handler !== "function") throw new Error(`no such method: ${method}`);
      let value = await handler(...args);
      if (value instanceof Transfer) ({ value, transfer } = value);
      if (id === null) return;
      reply = { rpc: "reply", id, ok: true, value };
    } catch (err) {
      if (id === null) {
        console.error(`${method} failed:`, err);
        return;
      }
      reply = { rpc: "reply", id, ok: false, error: this.#errors.encode(err) };
    }
    try {
      this.#endpoint.postMessage(reply, transfer);
    } catch (err) {
      // The result cannot be cloned: the caller gets that error instead of waiting for ever.
      const failed: Message = {
        rpc: "reply",
        id: reply.id,
        ok: false,
        error: this.#errors.encode(err),
      };
      this.#endpoint.postMessage(failed, []);
    }
  }
}
