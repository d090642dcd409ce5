import { describe, expect, it } from 'vitest';
import { linkState } from '../../shared/domain/links.ts';

describe('link state', () => {
  const link = { expiresAt: '2027-01-15T00:00:00.000Z' };

  it('is open until the expiry, expired from it on', () => {
    expect(linkState(link, new Date('2027-01-14T23:59:59.999Z'))).toBe('open');
    expect(linkState(link, new Date('2027-01-15T00:00:00.000Z'))).toBe('expired');
  });

  it('stays used after the expiry', () => {
    expect(linkState({ ...link, usedAt: '2027-01-10T00:00:00.000Z' }, new Date('2027-02-01T00:00:00.000Z'))).toBe('used');
  });
});
