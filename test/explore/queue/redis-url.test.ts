import { describe, expect, it } from 'vitest';
import { InputError } from '../../../sim/input-error.ts';
import { parseRedisUrl, redact } from '../../../sim/explore/queue/redis-url.ts';

describe('Redis URLs (--queue)', () => {
  it('reads host, port, database, user, password and TLS', () => {
    expect(parseRedisUrl('redis://cache.lab:6380/3', '--queue', undefined)).toMatchObject({ host: 'cache.lab', port: 6380, db: 3, username: undefined, password: undefined, tls: false, display: 'redis://cache.lab:6380/3' });
    expect(parseRedisUrl('redis://10.0.0.5', '--queue', undefined)).toMatchObject({ host: '10.0.0.5', port: 6379, db: 0, display: 'redis://10.0.0.5/0' });
    expect(parseRedisUrl('rediss://alice:p%40ss@redis.example.com:6380', '--queue', undefined)).toMatchObject({ username: 'alice', password: 'p@ss', tls: true, display: 'rediss://***@redis.example.com:6380/0' });
    expect(parseRedisUrl('redis://:hunter22@[::1]:7000/1', '--queue', undefined)).toMatchObject({ host: '::1', port: 7000, db: 1, username: undefined, password: 'hunter22' });
  });

  it('takes the password from MMFSIM_REDIS_PASSWORD when the URL has none (and never shows it)', () => {
    const t = parseRedisUrl('redis://worker@redis.lab:6379', '--queue', 'from-env-secret');
    expect(t).toMatchObject({ username: 'worker', password: 'from-env-secret', display: 'redis://***@redis.lab:6379/0' });
    expect(parseRedisUrl('redis://:inurl@redis.lab', '--queue', 'from-env-secret').password).toBe('inurl');
  });

  it('refuses what is not a Redis URL, without echoing the value (it may hold a password)', () => {
    for (const bad of ['http://u:topsecret@host', 'redis://u:topsecret@host/db1', 'not a url topsecret', 'redis://u:topsecret@host/0?x=1']) {
      let err: unknown;
      try {
        parseRedisUrl(bad, '--queue', undefined);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InputError);
      expect((err as Error).message).toMatch(/^--queue: /);
      expect((err as Error).message).not.toContain('topsecret');
    }
  });

  it('redacts the URL, the password and the user name from any text', () => {
    const url = 'redis://alice:s3cr3t-pw@h:1/2';
    const t = parseRedisUrl(url, '--queue', undefined);
    expect(redact(`connecting to ${url}: WRONGPASS for alice (s3cr3t-pw)`, t, url)).toBe('connecting to redis://***@h:1/2: WRONGPASS for *** (***)');
  });
});
