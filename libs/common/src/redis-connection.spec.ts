import { parseRedisUrl, redisOptions } from './redis-connection';

describe('Redis connections', () => {
  it('reads host, port, credentials, database and TLS from the URL', () => {
    expect(parseRedisUrl('rediss://alice:p%40ss@cache.internal:6380/2')).toEqual({
      host: 'cache.internal',
      port: 6380,
      username: 'alice',
      password: 'p@ss',
      db: 2,
      tls: true,
    });
    expect(parseRedisUrl('redis://127.0.0.1')).toEqual({
      host: '127.0.0.1', port: 6379, username: undefined, password: undefined, db: 0, tls: false,
    });
  });

  it('refuses a URL that is not Redis', () => {
    expect(() => parseRedisUrl('http://127.0.0.1:6379')).toThrow(/redis:\/\//);
  });

  it('gives each role its own behaviour on the same endpoint', () => {
    const endpoint = parseRedisUrl('redis://127.0.0.1:6379');
    expect(redisOptions(endpoint, 'queue')).toEqual({ host: '127.0.0.1', port: 6379, username: undefined, password: undefined, db: 0 });
    expect(redisOptions(endpoint, 'publisher').maxRetriesPerRequest).toBe(2);
    expect(redisOptions(endpoint, 'subscriber')).toMatchObject({ maxRetriesPerRequest: null, lazyConnect: true });
    expect(redisOptions(parseRedisUrl('rediss://h'), 'queue').tls).toEqual({});
  });
});
