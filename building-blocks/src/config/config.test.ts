import { describe, expect, it } from 'vitest';
import { ConfigError, env, loadConfig } from './config';

const specs = { SHOP_PORT: env.port({ default: 5000 }), SHOP_URL: env.url() };

describe('loadConfig', () => {
  it('returns typed values with defaults applied', () => {
    const config = loadConfig(specs, { SHOP_URL: 'http://127.0.0.1:1' });

    expect(config.SHOP_PORT).toBe(5000);
    expect(config.SHOP_URL).toBe('http://127.0.0.1:1');
  });

  it('names every missing or malformed variable in one error', () => {
    const load = () => loadConfig(specs, { SHOP_PORT: 'eighty' });

    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/SHOP_PORT/);
    expect(load).toThrow(/SHOP_URL/);
  });
});
