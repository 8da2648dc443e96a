// Whether an error means the database could not be reached right now (down, restarting, out of connections): worth
// a 503 and a retry, unlike a bug. Prisma wraps most of the driver's errors (both layers are read); node-postgres's
// own "connection lost" errors reach us unwrapped and are known by their long-stable messages.

const PRISMA_CODES = new Set([
  "P1001", // can't reach the database server
  "P1002", // the server was reached but timed out
  "P1008", // operation timed out
  "P1017", // the server closed the connection
  "P2024", // timed out waiting for a connection from the pool
]);

const DRIVER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

// SQLSTATE class 08 (connection exception), 57P01-57P03 (shutting down, crashed, starting up), 53300 (too many
// connections).
const POSTGRES_STATES = /^(08...|57P0[123]|53300)$/;

const NODE_POSTGRES_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect)/;

type MaybePrismaError = {
  code?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: unknown; code?: unknown } } };
};

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!error || typeof error !== "object") return false;
  const { code, meta } = error as MaybePrismaError;
  if (typeof code === "string" && PRISMA_CODES.has(code)) return true;
  const cause = meta?.driverAdapterError?.cause;
  if (typeof cause?.kind === "string" && DRIVER_KINDS.has(cause.kind)) return true;
  if (cause?.kind === "postgres" && typeof cause.code === "string" && POSTGRES_STATES.test(cause.code)) return true;
  return error instanceof Error && NODE_POSTGRES_MESSAGES.test(error.message);
}
