import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults to port 17170 on all interfaces with the demo simulation on', () => {
    const config = loadConfig({}, []);
    expect(config).toMatchObject({
      port: 17170,
      host: '0.0.0.0',
      parser: 'json',
      deflateThreshold: null,
      demoSimulation: true,
      demoSimulationId: 'test-sim-123',
      allowedOrigins: null,
      authJwtSecret: null,
    });
    expect(config.replayLogSize).toBeGreaterThanOrEqual(1_000);
  });

  it('reads env, and flags win over env', () => {
    const config = loadConfig(
      {
        PORT: '9000',
        PARSER: 'msgpack',
        ALLOWED_ORIGINS: 'https://a.example, https://b.example/',
        DEFLATE_THRESHOLD: '2048',
      },
      ['--port', '9100', '--host=127.0.0.1', '--no-demo'],
    );
    expect(config).toMatchObject({
      port: 9100,
      host: '127.0.0.1',
      parser: 'msgpack',
      deflateThreshold: 2048,
      demoSimulation: false,
      allowedOrigins: ['https://a.example', 'https://b.example'],
    });
    expect(loadConfig({ ALLOWED_ORIGINS: '*' }).allowedOrigins).toBe('*');
  });

  it('refuses values it cannot use with a sentence naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ REPLAY_LOG_SIZE: '10' })).toThrow(/REPLAY_LOG_SIZE/);
    expect(() => loadConfig({ PARSER: 'xml' })).toThrow(/PARSER/);
    expect(() => loadConfig({ DEMO_SIMULATION: 'maybe' })).toThrow(/DEMO_SIMULATION/);
    expect(() => loadConfig({}, ['--port'])).toThrow(/--port/);
    expect(() => loadConfig({ TRUST_PROXY: 'the load balancer' })).toThrow(/TRUST_PROXY/);
  });

  it('reads which proxies to trust for client addresses (TRUST_PROXY)', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'on' }).trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1' }).trustProxy).toBe(
      '10.0.0.0/8, 127.0.0.1',
    );
  });
});
