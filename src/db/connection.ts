import { existsSync, readFileSync } from "node:fs";
import { isIP } from "node:net";
import { homedir } from "node:os";
import { join } from "node:path";
import type { ConnectionOptions } from "node:tls";
import pg from "pg";

/**
 * DATABASE_URL as every part of the service uses it — pool, migrations, admin CLI, tests,
 * benchmarks — with libpq's `sslmode` semantics, which node-postgres and dbmate each read
 * differently on their own (node-postgres: no TLS unless asked; dbmate: TLS required unless
 * `sslmode=disable`).
 */
export interface Connection {
  /** node-postgres settings: the URL without its TLS parameters, plus the TLS options they mean. */
  readonly pg: { connectionString: string; ssl: false | ConnectionOptions };
  /** The same target for dbmate (Go's lib/pq), which knows no `prefer`. */
  readonly dbmateUrl: string;
  /** "host:port/database", safe to log (no credentials). */
  readonly label: string;
}

const SSL_MODES = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"] as const;
type SslMode = (typeof SSL_MODES)[number];
const TLS_PARAMETERS = ["sslmode", "sslrootcert", "sslcert", "sslkey"];

export class ConnectionError extends Error {}

interface Target {
  url: URL;
  mode: SslMode;
  label: string;
  ca?: string;
  cert?: string;
  key?: string;
  rootCertPath?: string;
}

function parse(databaseUrl: string): Target {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    throw new ConnectionError("DATABASE_URL is not a valid URL (expected postgres://user:password@host:port/database)");
  }
  const label = `${url.hostname || "localhost"}:${url.port || 5432}${url.pathname}`;
  const mode = (url.searchParams.get("sslmode") ?? "prefer") as SslMode;
  if (!SSL_MODES.includes(mode)) {
    throw new ConnectionError(`DATABASE_URL has sslmode=${mode}: expected one of ${SSL_MODES.join(", ")}`);
  }
  const file = (parameter: string, fallback?: string) => {
    const path = url.searchParams.get(parameter) ?? fallback;
    if (path === undefined || path === "system") return undefined;
    if (!existsSync(path)) throw new ConnectionError(`DATABASE_URL: ${parameter} file ${path} does not exist`);
    return readFileSync(path, "utf8");
  };
  const verifies = mode === "verify-ca" || mode === "verify-full";
  // libpq: verify-* reads ~/.postgresql/root.crt unless sslrootcert says otherwise
  // ("system": the operating system's CAs); require with a root certificate acts as verify-ca.
  const defaultRoot = join(homedir(), ".postgresql", "root.crt");
  const rootCertPath = url.searchParams.get("sslrootcert") ?? (verifies || existsSync(defaultRoot) ? defaultRoot : undefined);
  if (verifies && rootCertPath === defaultRoot && !existsSync(defaultRoot)) {
    throw new ConnectionError(
      `DATABASE_URL has sslmode=${mode} but no sslrootcert, and ${defaultRoot} does not exist: ` +
        "add sslrootcert=/path/to/ca.pem (or sslrootcert=system for the system's CAs)",
    );
  }
  return {
    url,
    mode,
    label,
    rootCertPath,
    ca: rootCertPath ? file("sslrootcert", rootCertPath) : undefined,
    cert: file("sslcert"),
    key: file("sslkey"),
  };
}

function tlsOptions(target: Target): ConnectionOptions {
  const { mode, ca, cert, key, url } = target;
  const verifyChain = mode === "verify-ca" || mode === "verify-full" || (mode === "require" && target.rootCertPath !== undefined);
  return {
    ...(ca ? { ca } : {}),
    ...(cert && key ? { cert, key } : {}),
    rejectUnauthorized: verifyChain,
    // SNI takes host names only; an IP address is checked against the certificate's IP entries.
    ...(isIP(url.hostname) ? {} : { servername: url.hostname }),
    // verify-ca checks the chain only; verify-full also the host name (Node's default check).
    ...(mode === "verify-full" ? {} : { checkServerIdentity: () => undefined }),
  };
}

function withoutTlsParameters(url: URL): string {
  const copy = new URL(url);
  for (const parameter of TLS_PARAMETERS) copy.searchParams.delete(parameter);
  return copy.toString();
}

function dbmateUrl(target: Target, tls: boolean): string {
  const copy = new URL(withoutTlsParameters(target.url));
  if (!tls) {
    copy.searchParams.set("sslmode", "disable");
    return copy.toString();
  }
  // lib/pq: require = encrypted, unverified; verify-ca / verify-full as libpq. With no
  // sslrootcert it uses the system's CAs.
  const verifies = target.mode === "verify-ca" || target.mode === "verify-full";
  copy.searchParams.set("sslmode", verifies ? target.mode : target.rootCertPath ? "verify-ca" : "require");
  for (const parameter of ["sslrootcert", "sslcert", "sslkey"]) {
    const value = parameter === "sslrootcert" ? target.rootCertPath : target.url.searchParams.get(parameter);
    if (value && value !== "system") copy.searchParams.set(parameter, value);
  }
  return copy.toString();
}

/** How long the startup probe waits for the server. */
const PROBE_TIMEOUT_MS = 5_000;
const NO_TLS_ON_SERVER = "The server does not support SSL connections";

/**
 * Resolves DATABASE_URL into a Connection, connecting once to learn what the server offers
 * (prefer/allow) and to fail early with one line naming DATABASE_URL (require against a server
 * without TLS, a certificate that does not verify, a refused connection).
 */
export async function resolveConnection(databaseUrl: string): Promise<Connection> {
  const target = parse(databaseUrl);
  const connectionString = withoutTlsParameters(target.url);
  const settle = (tls: boolean): Connection => ({
    pg: { connectionString, ssl: tls ? tlsOptions(target) : false },
    dbmateUrl: dbmateUrl(target, tls),
    label: target.label,
  });
  if (target.mode === "disable") return settle(false);
  // libpq's allow tries plain first, prefer tries TLS first; both fall back to the other.
  const order = target.mode === "allow" ? [false, true] : [true];
  for (const tls of order) {
    const error = await tryConnect(settle(tls));
    if (!error) return settle(tls);
    if (error.message === NO_TLS_ON_SERVER) {
      if (target.mode === "prefer") return settle(false);
      if (target.mode === "allow") continue;
      throw new ConnectionError(
        `DATABASE_URL has sslmode=${target.mode}, but the server at ${target.label} does not accept TLS connections: ` +
          "use sslmode=prefer or sslmode=disable for it, or enable ssl on the server",
      );
    }
    if (target.mode === "allow" && !tls) continue;
    throw describe(error, target);
  }
  throw new ConnectionError(`DATABASE_URL: cannot connect to ${target.label}`);
}

/** Connects and disconnects; a server that answered (even "no such database") counts as reached. */
async function tryConnect(connection: Connection): Promise<Error | undefined> {
  const client = new pg.Client({ ...connection.pg, connectionTimeoutMillis: PROBE_TIMEOUT_MS });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.end();
    return undefined;
  } catch (error) {
    await client.end().catch(() => {});
    // The database does not exist yet; migrations create it.
    return isMissingDatabase(error) ? undefined : (error as Error);
  }
}

/** PostgreSQL answers 3D000 for a database that does not exist; PgBouncer 08P01 with the same words. */
export function isMissingDatabase(error: unknown): boolean {
  const { code, message } = error as { code?: string; message?: string };
  return code === "3D000" || (code === "08P01" && /database ".*" does not exist/.test(message ?? ""));
}

function describe(error: Error, target: Target): ConnectionError {
  const code = (error as { code?: string }).code;
  const tlsProblem = /certificate|self[- ]signed|altnames|\bSSL\b|\bTLS\b/.test(`${code ?? ""} ${error.message}`);
  const hint = tlsProblem ? ` (sslmode=${target.mode}; check sslrootcert, or the host name for verify-full)` : "";
  return new ConnectionError(`DATABASE_URL: cannot connect to ${target.label}: ${error.message}${hint}`);
}
