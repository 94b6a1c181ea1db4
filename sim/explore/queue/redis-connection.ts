import { isIP } from 'node:net';
import { Redis, type RedisOptions } from 'ioredis';
import { InputError } from '../../input-error.ts';
import { parseRedisUrl, redact, type RedisTarget } from './redis-url.ts';

/** Attempts and the time each may take before Redis counts as unreachable (fail fast, never hang). */
const PROBE_ATTEMPTS = 3;
const PROBE_TIMEOUT_MS = 2000;
const PROBE_PAUSE_MS = 300;

/** A Redis the sweep or worker talks to: where it is, and the options every connection uses. */
export interface RedisEndpoint {
  target: RedisTarget;
  /**
   * ioredis options for BullMQ's long-lived connections. `maxRetriesPerRequest: null` is
   * what BullMQ requires of a worker's blocking connection: once Redis was reachable, a
   * dropped connection is retried (Redis restarting) rather than failing every point.
   */
  options: RedisOptions;
  /** Text with the credentials of this endpoint removed. */
  redact: (text: string) => string;
}

function baseOptions(t: RedisTarget): RedisOptions {
  return { host: t.host, port: t.port, db: t.db, username: t.username, password: t.password, tls: t.tls ? (isIP(t.host) ? {} : { servername: t.host }) : undefined };
}

/**
 * Parse the URL and check that Redis answers (PING) with these credentials, within a few
 * seconds: unreachable, refused credentials and TLS failures are InputErrors (exit 2) with
 * one line that never contains the password.
 */
export async function connectRedis(url: string, key = '--queue'): Promise<RedisEndpoint> {
  const target = parseRedisUrl(url, key);
  const hide = (text: string) => redact(text, target, url);
  let last: unknown = null;
  for (let attempt = 1; attempt <= PROBE_ATTEMPTS; attempt++) {
    const r = new Redis({ ...baseOptions(target), lazyConnect: true, connectTimeout: PROBE_TIMEOUT_MS, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
    // connect() rejects with a bare "Connection is closed."; the cause (ECONNREFUSED,
    // WRONGPASS, a TLS failure) comes through the error event.
    let cause: unknown = null;
    r.on('error', (e) => (cause ??= e));
    try {
      await r.connect();
      await r.ping();
      return { target, options: { ...baseOptions(target), maxRetriesPerRequest: null }, redact: hide };
    } catch (e) {
      last = cause ?? e;
      const refused = authProblem(last);
      if (refused) throw new InputError(hide(`Redis at ${target.display} ${refused}`), { key });
    } finally {
      r.disconnect();
    }
    if (attempt < PROBE_ATTEMPTS) await new Promise((res) => setTimeout(res, PROBE_PAUSE_MS));
  }
  const code = (last as NodeJS.ErrnoException | null)?.code ?? (last instanceof Error ? last.message : String(last));
  throw new InputError(hide(`cannot reach Redis at ${target.display} (${code}, ${PROBE_ATTEMPTS} attempts of up to ${PROBE_TIMEOUT_MS / 1000} s): is redis-server running there and reachable from this host?`), { key });
}

/** A refusal that retrying cannot cure, as the end of a sentence; null for anything else. */
function authProblem(e: unknown): string | null {
  const m = e instanceof Error ? e.message : String(e);
  if (/WRONGPASS|invalid password|invalid username-password/i.test(m)) return 'refused the user name or password given in the URL (WRONGPASS)';
  if (/NOAUTH/i.test(m)) return 'requires a password (NOAUTH): give it in the URL, redis://:PASSWORD@HOST:PORT or redis://USER:PASSWORD@HOST:PORT';
  if (/NOPERM/i.test(m)) return 'refused a command to this user (NOPERM): the user needs the commands BullMQ runs (+@all on its keys)';
  if (/certificate|SSL|TLS|EPROTO/i.test(m)) return `refused the TLS connection (${m.split('\n')[0]})`;
  return null;
}
