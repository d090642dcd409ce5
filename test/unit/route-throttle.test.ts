// The local server's route throttling plays API Gateway's token bucket: a
// burst up to `burstLimit`, then `rateLimit` a second; other routes untouched.
import { describe, expect, it } from 'vitest';
import { RouteThrottle } from '../../infra/local/http-server.ts';

describe('RouteThrottle', () => {
  const throttle = () => new RouteThrottle({ 'POST /x': { rateLimit: 2, burstLimit: 3 } });

  it('lets a burst through, then refuses until tokens come back at the rate', () => {
    const t = throttle();
    expect([0, 0, 0, 0].map((at) => t.take('POST /x', at))).toEqual([true, true, true, false]);
    expect(t.take('POST /x', 400)).toBe(false); // 0.8 of a token
    expect(t.take('POST /x', 500)).toBe(true); // one token after half a second at 2/s
    expect(t.take('POST /x', 500)).toBe(false);
  });

  it('never holds more than the burst, however long the route was quiet', () => {
    const t = throttle();
    t.take('POST /x', 0);
    const after = [60_000, 60_000, 60_000, 60_000].map((at) => t.take('POST /x', at));
    expect(after).toEqual([true, true, true, false]);
  });

  it('does not throttle a route without a limit', () => {
    const t = throttle();
    expect(Array.from({ length: 100 }, () => t.take('GET /calls', 0)).every(Boolean)).toBe(true);
  });
});
