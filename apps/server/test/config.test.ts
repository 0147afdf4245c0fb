import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { ConfigError, parseConfig, projectRoot } from '../src/config';

const strong = 'a-very-long-secret-value-of-32-bytes!';

describe('configuration', () => {
  it('has working defaults for a newcomer', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      port: 8080,
      mqttPort: 1883,
      simulator: { devices: 25, seed: 1, timeScale: 1 },
      registrationOpen: true,
      production: false,
    });
    expect(config.encryptionKeyFile).toMatch(/config\/encryption\.key$/);
  });

  it('keeps one data/ and config/ at the project root whatever the working directory', () => {
    expect(process.cwd()).not.toBe(projectRoot);
    expect(projectRoot).toBe(path.resolve(import.meta.dirname, '../../..'));
    const config = parseConfig({});
    expect(config.dataDir).toBe(path.join(projectRoot, 'data'));
    expect(config.encryptionKeyFile).toBe(path.join(projectRoot, 'config', 'encryption.key'));
    expect(parseConfig({ DATA_DIR: 'var/dtwin' }).dataDir).toBe(path.join(projectRoot, 'var', 'dtwin'));
    expect(parseConfig({ DATA_DIR: '/srv/dtwin' }).dataDir).toBe('/srv/dtwin');
  });

  it('reports every bad variable at once', () => {
    try {
      parseConfig({
        PORT: 'eighty',
        REGISTRATION: 'maybe',
        DATABASE_URL: 'mysql://x',
        SIMULATOR_DEVICES: '-1',
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      for (const name of ['PORT', 'REGISTRATION', 'DATABASE_URL', 'SIMULATOR_DEVICES'])
        expect(problems).toContain(name);
    }
  });

  it('requires both secrets, at least 32 bytes each, in production', () => {
    expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow(
      /JWT_SECRET_KEY is required[\s\S]*SECRET_KEY is required/,
    );
    expect(() =>
      parseConfig({ NODE_ENV: 'production', JWT_SECRET_KEY: 'short', SECRET_KEY: strong }),
    ).toThrow(/JWT_SECRET_KEY must be at least 32 bytes/);
    expect(
      parseConfig({ NODE_ENV: 'production', JWT_SECRET_KEY: strong, SECRET_KEY: strong }).production,
    ).toBe(true);
  });

  it("refuses '*' as a CORS origin in production only", () => {
    expect(() =>
      parseConfig({
        NODE_ENV: 'production',
        JWT_SECRET_KEY: strong,
        SECRET_KEY: strong,
        CORS_ALLOWED_ORIGINS: '*',
      }),
    ).toThrow(/CORS_ALLOWED_ORIGINS/);
    expect(parseConfig({ CORS_ALLOWED_ORIGINS: 'https://a.example, https://b.example' }).corsOrigins).toEqual(
      ['https://a.example', 'https://b.example'],
    );
  });
});
