/**
 * A byte-for-byte TCP relay between a client and a server, for the fault tests. It changes nothing
 * in what passes; it only lets a test see how far a transfer got (to kill the server at a chosen
 * point of an upload) and hold a response after some bytes (to kill the server while a download
 * is certainly still in progress, with a few MiB instead of gigabytes). When either side's
 * connection ends, the other is closed too, as a dying server's connection would be.
 * @module
 */

/** Options of {@link startProxy}. */
export interface ProxyOptions {
  /**
   * After this many response bytes on a connection, stop reading from the server until
   * {@link Proxy.release} is called.
   */
  holdResponseAfter?: number;
}

/** A running relay; `await using` closes it. */
export interface Proxy extends AsyncDisposable {
  /** `http://127.0.0.1:<port>` of the relay. */
  origin: string;
  /** Request lines seen, e.g. `PUT /api/shares/<id>/parts/1`. */
  requests: string[];
  /** Bytes relayed client → server so far. */
  sent(): number;
  /** Resolves once at least `n` bytes went client → server. */
  whenSent(n: number): Promise<void>;
  /** Resolves once a response is being held (see {@link ProxyOptions.holdResponseAfter}). */
  held: Promise<void>;
  /** Lets held responses go on: what the server still delivers passes, then the connection ends. */
  release(): void;
  /** Stops listening and closes every connection. */
  close(): Promise<void>;
}

const REQUEST_LINE = /(GET|PUT|POST|DELETE) (\/api\/[^ \r\n]*) HTTP\/1\.1/g;

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  for (let off = 0; off < bytes.length;) off += await conn.write(bytes.subarray(off));
}

/**
 * Listens on a free port and relays every connection to `127.0.0.1:<targetPort>`.
 * @example
 * ```ts
 * await using proxy = startProxy(server.port);
 * await proxy.whenSent(6 << 20);
 * ```
 */
export function startProxy(targetPort: number, options: ProxyOptions = {}): Proxy {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns = new Set<Deno.Conn>();
  const tasks = new Set<Promise<void>>();
  const requests: string[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  let sent = 0;
  let tail = "";
  let markHeld!: () => void;
  const held = new Promise<void>((r) => markHeld = r);
  let release!: () => void;
  const released = new Promise<void>((r) => release = r);

  const onSent = (chunk: Uint8Array) => {
    sent += chunk.length;
    // Keep a little of the previous chunk so a request line split across reads is still seen.
    const text = tail + new TextDecoder("latin1").decode(chunk);
    for (const m of text.matchAll(REQUEST_LINE)) {
      if (m.index! + m[0].length > tail.length) requests.push(`${m[1]} ${m[2]}`);
    }
    tail = new TextDecoder("latin1").decode(chunk.subarray(Math.max(0, chunk.length - 200)));
    for (const w of waiters.filter((w) => sent >= w.n)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  };

  const pump = async (
    from: Deno.Conn,
    to: Deno.Conn,
    onChunk: (chunk: Uint8Array) => Promise<void> | void,
  ) => {
    const buffer = new Uint8Array(65_536);
    try {
      for (;;) {
        const n = await from.read(buffer);
        if (n === null) return;
        const chunk = buffer.subarray(0, n);
        await onChunk(chunk);
        await writeAll(to, chunk);
      }
    } catch {
      // A reset or a closed peer ends the relay like an end of stream.
    }
  };

  const relay = async (client: Deno.Conn) => {
    let server: Deno.Conn;
    try {
      server = await Deno.connect({ hostname: "127.0.0.1", port: targetPort });
    } catch {
      client.close(); // the server is down: the client sees its connection end
      return;
    }
    conns.add(client);
    conns.add(server);
    let received = 0;
    const limit = options.holdResponseAfter;
    const up = pump(client, server, onSent);
    const down = pump(server, client, async (chunk) => {
      received += chunk.length;
      if (limit !== undefined && received >= limit) {
        markHeld();
        await released;
      }
    });
    await Promise.race([up, down]);
    for (const c of [client, server]) {
      conns.delete(c);
      try {
        c.close();
      } catch {
        // already closed
      }
    }
    await Promise.allSettled([up, down]);
  };

  const accepting = (async () => {
    try {
      for await (const client of listener) {
        const task = relay(client).finally(() => tasks.delete(task));
        tasks.add(task);
      }
    } catch {
      // listener closed
    }
  })();

  return {
    origin: `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`,
    requests,
    sent: () => sent,
    whenSent(n: number) {
      if (sent >= n) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ n, resolve }));
    },
    held,
    release,
    close,
    [Symbol.asyncDispose]: close,
  };

  async function close(): Promise<void> {
    release();
    listener.close();
    for (const c of conns) {
      try {
        c.close();
      } catch {
        // already closed
      }
    }
    await accepting;
    await Promise.allSettled([...tasks]);
  }
}
