import { InputError } from '../../input-error.ts';

/** What connecting to Redis needs, parsed from a redis:// or rediss:// URL. */
export interface RedisTarget {
  host: string;
  port: number;
  db: number;
  username: string | undefined;
  password: string | undefined;
  tls: boolean;
  /** The URL as it may be shown: credentials replaced by `***`. */
  display: string;
}

/**
 * Parse `redis://[user[:pass]@]host[:port][/db]` or `rediss://…` (TLS). Errors never echo
 * the URL itself (it may hold a password): they name the part that is wrong. A URL without
 * a password takes `envPassword` (MMFSIM_REDIS_PASSWORD), which keeps the password out of
 * command lines (`ps`) and shell history.
 */
export function parseRedisUrl(url: string, key = '--queue', envPassword = process.env['MMFSIM_REDIS_PASSWORD']): RedisTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InputError('expected a Redis URL such as redis://HOST:6379/0 or rediss://USER:PASSWORD@HOST:6380 (the value given does not parse as a URL)', { key });
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new InputError(`expected a redis:// or rediss:// URL, got the scheme ${u.protocol.replace(/:$/, '')}://`, { key });
  }
  if (u.hostname === '') throw new InputError('the Redis URL names no host', { key });
  const port = u.port === '' ? 6379 : Number(u.port);
  const path = u.pathname.replace(/^\/+/, '');
  if (path !== '' && !/^\d+$/.test(path)) throw new InputError(`expected a database number after the host (redis://HOST:PORT/DB), got /${path}`, { key });
  const db = path === '' ? 0 : Number(path);
  if (u.search !== '' || u.hash !== '') throw new InputError('the Redis URL takes no query or fragment (?…, #…)', { key });
  const username = u.username === '' ? undefined : decodeURIComponent(u.username);
  const password = u.password !== '' ? decodeURIComponent(u.password) : envPassword !== undefined && envPassword !== '' ? envPassword : undefined;
  const host = u.hostname.replace(/^\[(.*)\]$/, '$1');
  const secret = username !== undefined || u.password !== '' ? '***@' : '';
  return { host, port, db, username, password, tls: u.protocol === 'rediss:', display: `${u.protocol}//${secret}${u.host}/${db}` };
}

/**
 * Remove a target's credentials from any text that leaves mmfsim (logs, errors, results):
 * the raw URL, and the user name and password alone, whatever a library put them in.
 */
export function redact(text: string, target: RedisTarget, rawUrl?: string): string {
  let out = text;
  if (rawUrl && target.display.includes('***')) out = out.split(rawUrl).join(target.display);
  for (const s of [target.password, target.username]) {
    // A one-character secret would blank the whole message; it is not worth a secret's name.
    if (s !== undefined && s.length >= 2) out = out.split(s).join('***');
  }
  return out;
}
