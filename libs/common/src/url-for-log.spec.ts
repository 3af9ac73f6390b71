import { urlForLog } from './url-for-log';

describe('urlForLog', () => {
  it('hides the values of credential parameters', () => {
    expect(urlForLog('/ws/orders/x?ticket=SECRET&y=1')).toBe('/ws/orders/x?ticket=…&y=1');
    expect(urlForLog('/a?X-API-Key=oek_1_2&api_key=k&token=t')).toBe('/a?X-API-Key=…&api_key=…&token=…');
    expect(urlForLog('/ws/orders/x?y=ticket=1')).toBe('/ws/orders/x?y=ticket=1');
  });

  it('shortens long URLs and says how long they were', () => {
    expect(urlForLog(`/${'a'.repeat(300)}`)).toBe(`/${'a'.repeat(199)}… (301 characters)`);
    expect(urlForLog(undefined)).toBe('/');
  });
});
