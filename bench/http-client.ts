/**
 * A minimal HTTP/1.1 keep-alive client on one TCP connection, for the load generator. fetch
 * costs ~0.1 ms of CPU per request here, which on a 2-core machine is taken from the server
 * and PostgreSQL and sits on the critical path of every latency measured. Requests are
 * encoded once and replayed; responses are read by their Content-Length, which is all the
 * API sends.
 */
import type { Socket } from "bun";

export interface HttpReply {
  status: number;
  body: string;
}

export class KeepAliveConnection {
  private socket!: Socket<undefined>;
  private buffer: Buffer = Buffer.alloc(0);
  private pending: ((reply: HttpReply) => void) | undefined;
  private failed: ((error: Error) => void) | undefined;

  private constructor(readonly host: string) {}

  static async open(url: string): Promise<KeepAliveConnection> {
    const { hostname, port } = new URL(url);
    const connection = new KeepAliveConnection(`${hostname}:${port}`);
    connection.socket = await Bun.connect({
      hostname,
      port: Number(port),
      socket: {
        data: (_socket, chunk) => connection.receive(chunk),
        close: () => connection.failed?.(new Error("connection closed")),
        error: (_socket, error) => connection.failed?.(error),
      },
    });
    return connection;
  }

  /** The bytes of one request, to encode once and send many times. */
  encode(method: string, path: string, headers: Record<string, string>, body = ""): Uint8Array {
    let head = `${method} ${path} HTTP/1.1\r\nhost: ${this.host}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n`;
    for (const [name, value] of Object.entries(headers)) head += `${name}: ${value}\r\n`;
    return Buffer.from(`${head}\r\n${body}`);
  }

  send(request: Uint8Array): Promise<HttpReply> {
    return new Promise((resolve, reject) => {
      this.pending = resolve;
      this.failed = reject;
      this.socket.write(request);
    });
  }

  close(): void {
    this.socket.end();
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const headEnd = this.buffer.indexOf("\r\n\r\n");
    if (headEnd === -1) return;
    const head = this.buffer.toString("latin1", 0, headEnd);
    const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
    if (this.buffer.length < headEnd + 4 + length) return;
    const body = this.buffer.toString("utf8", headEnd + 4, headEnd + 4 + length);
    this.buffer = this.buffer.subarray(headEnd + 4 + length);
    const resolve = this.pending;
    this.pending = undefined;
    resolve?.({ status: Number(head.slice(9, 12)), body });
  }
}
