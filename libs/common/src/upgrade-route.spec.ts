import { matchUpgradePath, queryValue, routeUpgrade, targetPath } from './upgrade-route';

const PATHS = ['/ws/orders'];
const ID = '01a20e4d-684f-752f-95c6-6018784efffd';

describe('matchUpgradePath', () => {
  it('routes the path plus one segment, with trailing slashes, a query or in absolute form', () => {
    for (const target of [`/ws/orders/${ID}`, `/ws/orders/${ID}/`, `/ws/orders/${ID}///?a=1`, `/ws/orders/${ID}#f`, `ws://host:3000/ws/orders/${ID}?x`]) {
      expect(matchUpgradePath(target, PATHS)).toEqual({ path: '/ws/orders', rawParam: ID, param: ID });
    }
  });

  it('routes the path itself with an empty parameter (the gateway refuses it)', () => {
    expect(matchUpgradePath('/ws/orders', PATHS)).toEqual({ path: '/ws/orders', rawParam: '', param: '' });
    expect(matchUpgradePath('/ws/orders//', PATHS)).toEqual({ path: '/ws/orders', rawParam: '', param: '' });
  });

  it('decodes the parameter, and reports malformed percent-encoding as undefined', () => {
    expect(matchUpgradePath('/ws/orders/%41b', PATHS)).toMatchObject({ rawParam: '%41b', param: 'Ab' });
    for (const bad of ['%zz', '%', '%e0%a4%a', '%C0%AF', 'a%2']) {
      expect(matchUpgradePath(`/ws/orders/${bad}`, PATHS)).toEqual({ path: '/ws/orders', rawParam: bad, param: undefined });
    }
  });

  it('routes nothing else', () => {
    for (const target of [
      '/', '', '*', '/ws', '/ws/order', '/ws/ordersx/1', '/ws/orders/a/b', '/ws/orders//a', '/ws/../ws/orders/a',
      'example.com:443', 'ws://host', 'ws://host?x', '/api/orders/1', '//ws/orders/1', 'ws:/ws/orders/1', '\\ws\\orders\\1',
    ]) {
      expect({ target, route: matchUpgradePath(target, PATHS) }).toEqual({ target, route: undefined });
    }
  });

  it('takes linear time on long runs of slashes (a trailing-slash regex took seconds on these)', () => {
    const targets = [`/ws/${'/'.repeat(50_000)}x`, `/ws/orders/${'/'.repeat(50_000)}`, `/${'/x'.repeat(25_000)}`, `/ws/orders/${'%'.repeat(50_000)}`];
    const started = process.hrtime.bigint();
    for (const target of targets) matchUpgradePath(target, PATHS);
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(250);
  });
});

describe('targetPath', () => {
  it('takes the path of origin-form and absolute-form targets, without query or fragment', () => {
    expect(targetPath('/a/b?c=d#e')).toBe('/a/b');
    expect(targetPath('http://h:1/a?x')).toBe('/a');
    expect(targetPath('wss://h')).toBe('/');
    expect(targetPath('*')).toBeUndefined();
    expect(targetPath('1http://h/a')).toBeUndefined();
  });
});

describe('routeUpgrade', () => {
  const ALIASES = [{ path: '/api/orders/execute', queryParam: 'orderId', target: '/ws/orders' }];

  it('routes the gateway paths as matchUpgradePath does', () => {
    expect(routeUpgrade(`/ws/orders/${ID}`, PATHS, ALIASES)).toEqual({ path: '/ws/orders', rawParam: ID, param: ID });
  });

  it('routes an alias to its gateway, the parameter taken from the query', () => {
    for (const target of [
      `/api/orders/execute?orderId=${ID}`,
      `/api/orders/execute/?ticket=t&orderId=${ID}`,
      `/api/orders/execute?orderId=${ID}&orderId=other#x`,
      `ws://host:3000/api/orders/execute?x=1&orderId=${ID}`,
    ]) {
      expect({ target, route: routeUpgrade(target, PATHS, ALIASES) }).toEqual({ target, route: { path: '/ws/orders', rawParam: ID, param: ID, alias: '/api/orders/execute' } });
    }
  });

  it('gives an alias without its parameter an empty one (the gateway refuses it), and a malformed one as undefined', () => {
    expect(routeUpgrade('/api/orders/execute', PATHS, ALIASES)).toEqual({ path: '/ws/orders', rawParam: '', param: '', alias: '/api/orders/execute' });
    expect(routeUpgrade('/api/orders/execute?orderIdx=1&xorderId=2', PATHS, ALIASES)).toMatchObject({ param: '' });
    expect(routeUpgrade('/api/orders/execute?orderId=%zz', PATHS, ALIASES)).toMatchObject({ rawParam: '%zz', param: undefined });
  });

  it('routes no other path, nor an alias whose gateway is not served', () => {
    expect(routeUpgrade('/api/orders/executex?orderId=1', PATHS, ALIASES)).toBeUndefined();
    expect(routeUpgrade('/api/orders?orderId=1', PATHS, ALIASES)).toBeUndefined();
    expect(routeUpgrade(`/api/orders/execute?orderId=${ID}`, ['/ws/other'], ALIASES)).toBeUndefined();
  });
});

describe('queryValue', () => {
  it('reads the first value of a parameter as sent, stopping at & and #', () => {
    expect(queryValue('/p?a=1&b=2', 'b')).toBe('2');
    expect(queryValue('/p?a=1&a=2', 'a')).toBe('1');
    expect(queryValue('/p?a=&b', 'a')).toBe('');
    expect(queryValue('/p?b=1#a=2', 'a')).toBeUndefined();
    expect(queryValue('/p?ab=1', 'a')).toBeUndefined();
    expect(queryValue('/p', 'a')).toBeUndefined();
    expect(queryValue(`/p?${'&'.repeat(10_000)}a=x`, 'a')).toBe('x');
  });
});
