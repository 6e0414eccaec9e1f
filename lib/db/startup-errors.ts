// One line, naming the setting to fix, for the ways a database connection usually
// goes wrong at start-up, instead of a driver stack trace. Anything else keeps its
// own first line.

type PgError = Error & { code?: string; cause?: unknown };

function where(url: string | undefined): { user: string; host: string; db: string } {
  try {
    const u = new URL(url ?? "");
    return { user: decodeURIComponent(u.username) || "(none)", host: `${u.hostname}:${u.port || 5432}`, db: decodeURIComponent(u.pathname.slice(1)) || "(none)" };
  } catch {
    return { user: "?", host: "?", db: "?" };
  }
}

const codeOf = (err: unknown): string | undefined => {
  for (let e = err as PgError | undefined, i = 0; e && i < 5; e = e.cause as PgError | undefined, i++) {
    if (e.code) return e.code;
  }
  return undefined;
};

/** The error's message with the hints and details of it and its causes (PostgreSQL says "extension" only in the hint). */
const messageOf = (err: unknown) => {
  const parts: string[] = [String((err as Error)?.message ?? err)];
  for (let e = err as (PgError & { hint?: string; detail?: string }) | undefined, i = 0; e && i < 5; e = e.cause as typeof e, i++) {
    if (e.hint) parts.push(e.hint);
    if (e.detail) parts.push(e.detail);
  }
  return parts.join(" ");
};

/** The line to print for a failed start-up; `url` is DATABASE_URL (when it was set by the user). */
export function describeStartupError(err: unknown, url: string | undefined, external: boolean): string {
  const code = codeOf(err);
  const msg = messageOf(err);
  const w = where(url);
  const fix = external ? "DATABASE_URL" : "the embedded database (MREG_DATA_DIR, MREG_PG_PORT)";
  switch (code) {
    case "28P01":
    case "28000":
      return `${fix}: PostgreSQL at ${w.host} refused user "${w.user}" (wrong password, or no such user, or pg_hba.conf does not allow it): check the user and password in DATABASE_URL`;
    case "3D000":
      return `${fix}: database "${w.db}" does not exist on ${w.host}: create it (CREATE DATABASE "${w.db}" OWNER "${w.user}";) or fix the name in DATABASE_URL`;
    case "ECONNREFUSED":
      return `${fix}: nothing accepts connections at ${w.host} (connection refused): check the host and port in DATABASE_URL and that PostgreSQL is running and listening there`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `${fix}: the host in DATABASE_URL (${w.host}) cannot be found: check its spelling`;
    case "ETIMEDOUT":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return `${fix}: no answer from ${w.host} (${code}): check the host and port in DATABASE_URL and that a firewall lets this machine through`;
    case "42501":
      // The first migration creates the schema (if missing) and the extension pg_trgm:
      // both need CREATE on the database, which its owner has.
      if (/extension|permission denied for database/i.test(msg)) {
        return `${fix}: user "${w.user}" may not create the schema and the extension pg_trgm in database "${w.db}": make "${w.user}" the database's owner (ALTER DATABASE "${w.db}" OWNER TO "${w.user}";) or GRANT CREATE ON DATABASE "${w.db}" TO "${w.user}"; (README, "External PostgreSQL")`;
      }
      return `${fix}: user "${w.user}" lacks a privilege in database "${w.db}" (${String((err as Error).message).replace(/^Migration \S+ failed: /, "")}): the registry's user must own the database (ALTER DATABASE "${w.db}" OWNER TO "${w.user}"; and, on PostgreSQL 15+, ALTER SCHEMA public OWNER TO "${w.user}";) (README, "External PostgreSQL")`;
    case "58P01":
    case "0A000":
      if (/extension|control file/i.test(msg)) {
        return `${fix}: the PostgreSQL server at ${w.host} does not have the pg_trgm extension installed (Debian/Ubuntu: the postgresql-contrib package; managed services: enable pg_trgm)`;
      }
  }
  if (/timeout exceeded when trying to connect|Connection terminated due to connection timeout/i.test(msg)) {
    return `${fix}: no answer from ${w.host} within the connection timeout: check the host and port in DATABASE_URL`;
  }
  if (/SASL|client password must be a string/i.test(msg)) {
    return `${fix}: PostgreSQL at ${w.host} asks for a password and DATABASE_URL has none for user "${w.user}"`;
  }
  if (/Invalid URL|invalid connection string/i.test(msg) || (external && !url?.startsWith("postgres"))) {
    return `DATABASE_URL is not a PostgreSQL URL (postgresql://user:password@host:5432/database)`;
  }
  return `start-up failed: ${msg.split("\n")[0]}`;
}
