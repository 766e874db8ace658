import { describe, expect, it } from 'vitest';
import { OrderPlaced, StockReservationFailed, UserRegistered } from './index';
import { allEvents } from './registry';

describe('event definitions', () => {
  it('name one durable exchange per event, shop.<kebab-event>', () => {
    expect(OrderPlaced).toMatchObject({ name: 'OrderPlaced', version: 1, exchange: 'shop.order-placed' });
    expect(StockReservationFailed.exchange).toBe('shop.stock-reservation-failed');
    expect(new Set(allEvents.map((event) => event.exchange)).size).toBe(allEvents.length);
  });

  it('never carry a password, a hash or a token', () => {
    const fields = JSON.stringify(allEvents.map((event) => event.schema)).toLowerCase();
    expect(fields).not.toMatch(/password|hash|token|secret/);
    expect(Object.keys(UserRegistered.schema.properties as object)).not.toContain('passwordHash');
  });

  it('require every payload field except the ones declared optional', () => {
    for (const event of allEvents) {
      const schema = event.schema as { properties: object; required: string[] };
      expect(schema.required, event.name).toEqual(Object.keys(schema.properties));
    }
  });
});
