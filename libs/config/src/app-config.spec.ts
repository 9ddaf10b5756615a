import { availableParallelism } from 'node:os';
import { ConfigError, loadConfig } from './app-config';

const base = {
  DATABASE_URL: 'postgres://desk@localhost:5432/desk',
  REDIS_URL: 'redis://localhost:6379',
  JWT_SECRET: 's'.repeat(40),
};

/** The message of the ConfigError that `env` causes (fails the test when it loads). */
function problems(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  describe('JWT_SECRET', () => {
    const { JWT_SECRET: _unused, ...urls } = base;

    it.each([undefined, 'development', 'production'])(
      'should refuse to load without JWT_SECRET when NODE_ENV is %s',
      (nodeEnv) => {
        expect(problems({ ...urls, ...(nodeEnv ? { NODE_ENV: nodeEnv } : {}) })).toMatch(
          /JWT_SECRET: JWT_SECRET is required/,
        );
      },
    );

    it('should give tests a random secret of this process, never a constant', () => {
      const secret = loadConfig({ ...urls, NODE_ENV: 'test' }).JWT_SECRET;
      expect(secret.length).toBeGreaterThanOrEqual(32);
      expect(loadConfig({ ...urls, NODE_ENV: 'test' }).JWT_SECRET).toBe(secret);
      expect(secret).not.toMatch(/spbe-desk/);
    });

    it('should say so in one line when the secret is all that is missing', () => {
      expect(problems({ ...urls, NODE_ENV: 'production' })).toBe(
        'Invalid configuration: JWT_SECRET: JWT_SECRET is required (32+ random characters; npm start generates one)',
      );
    });

    it('should refuse a short secret', () => {
      expect(problems({ ...base, JWT_SECRET: 'short' })).toMatch(/at least 32 characters/);
    });
  });

  it('should load the defaults with the two required URLs and a secret', () => {
    const config = loadConfig(base);
    expect(config.JWT_TTL).toBe('12h');
    expect(config.HOST).toBe('0.0.0.0');
    expect(config.appUrl).toBe('http://localhost:3000');
  });

  describe('DATABASE_URL', () => {
    it.each([
      'postgres://desk@localhost/desk',
      'postgresql://desk:secret@db.example.go.id:5432/desk?sslmode=require',
      'POSTGRES://desk@localhost/desk',
      'postgresql:///desk?host=/var/run/postgresql',
    ])('should accept %s', (url) => {
      expect(loadConfig({ ...base, DATABASE_URL: url }).DATABASE_URL).toBe(url);
    });

    it.each([
      'localhost:5432/desk',
      'mysql://desk@localhost/desk',
      'http://localhost:5432',
      'postgres',
      'postgres:///desk',
      'postgres:desk',
    ])('should refuse %s, naming the variable and the schemes', (url) => {
      expect(problems({ ...base, DATABASE_URL: url })).toMatch(
        /DATABASE_URL: DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/,
      );
    });

    it('should say so when it is missing', () => {
      expect(problems({ REDIS_URL: base.REDIS_URL })).toMatch(/DATABASE_URL: .*postgres:\/\//);
    });
  });

  describe('REDIS_URL', () => {
    it.each(['redis://localhost:6379', 'rediss://:secret@cache.example.go.id:6380/2', 'redis://redis'])(
      'should accept %s',
      (url) => {
        expect(loadConfig({ ...base, REDIS_URL: url }).REDIS_URL).toBe(url);
      },
    );

    it.each(['localhost:6379', 'http://localhost:6379', 'redis://', 'redis:6379'])(
      'should refuse %s',
      (url) => {
        expect(problems({ ...base, REDIS_URL: url })).toMatch(
          /REDIS_URL: REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/,
        );
      },
    );

    it('should say so when it is missing', () => {
      expect(problems({ DATABASE_URL: base.DATABASE_URL })).toMatch(/REDIS_URL: .*redis:\/\//);
    });
  });

  describe('SMTP_URL', () => {
    it('should stay optional', () => {
      expect(loadConfig(base).SMTP_URL).toBeUndefined();
      expect(loadConfig({ ...base, SMTP_URL: '' }).SMTP_URL).toBeUndefined();
    });

    it.each([
      'smtp://127.0.0.1:2525',
      'smtps://user:p%40ss@smtp.example.go.id:465',
      'smtp://mailpit:1025?requireTLS=true',
    ])('should accept %s', (url) => {
      expect(loadConfig({ ...base, SMTP_URL: url }).SMTP_URL).toBe(url);
    });

    it.each(['mailpit:1025', 'http://mailpit:1025', 'smtp://', 'imap://mail.example.go.id'])(
      'should refuse %s',
      (url) => {
        expect(problems({ ...base, SMTP_URL: url })).toMatch(
          /SMTP_URL: SMTP_URL must be a smtp:\/\/ or smtps:\/\/ URL/,
        );
      },
    );
  });

  describe('APP_URL', () => {
    it.each(['http://localhost:3000', 'https://desk.banjarkab.go.id', 'https://desk.example.go.id/helpdesk'])(
      'should accept %s',
      (url) => {
        expect(loadConfig({ ...base, APP_URL: url }).appUrl).toBe(url);
      },
    );

    it.each(['desk.banjarkab.go.id', 'ftp://desk.example.go.id', 'http://', 'localhost:3000'])(
      'should refuse %s',
      (url) => {
        expect(problems({ ...base, APP_URL: url })).toMatch(
          /APP_URL: APP_URL must be an http:\/\/ or https:\/\/ URL/,
        );
      },
    );
  });

  describe('JWT_TTL', () => {
    it.each([
      ['8h', '8h'],
      ['30m', '30m'],
      ['7d', '7d'],
      ['1.5h', '1.5h'],
      ['2 days', '2 days'],
      ['90S', '90S'],
    ])('should accept the duration %s', (ttl, expected) => {
      expect(loadConfig({ ...base, JWT_TTL: ttl }).JWT_TTL).toBe(expected);
    });

    it('should pass a plain number on as seconds (a number, as jsonwebtoken reads a unitless string as ms)', () => {
      expect(loadConfig({ ...base, JWT_TTL: '3600' }).JWT_TTL).toBe(3600);
    });

    it.each(['twelve hours', '12 jam', '12hh', '-1h', '0', '0h', '500ms', '1.5', 'h', `${'1'.repeat(100)}h`])(
      'should refuse %s',
      (ttl) => {
        expect(problems({ ...base, JWT_TTL: ttl })).toMatch(
          /JWT_TTL: JWT_TTL must be a number of seconds .* or a duration such as 12h, 30m or 7d/,
        );
      },
    );
  });

  describe('API_PROCESSES', () => {
    it('should default to one api process per CPU core', () => {
      expect(loadConfig(base).apiProcesses).toBe(availableParallelism());
      expect(loadConfig({ ...base, API_PROCESSES: '' }).apiProcesses).toBe(availableParallelism());
    });

    it('should take a count from 1 to 64 and name anything else', () => {
      expect(loadConfig({ ...base, API_PROCESSES: '1' }).apiProcesses).toBe(1);
      expect(loadConfig({ ...base, API_PROCESSES: '4' }).apiProcesses).toBe(4);
      for (const bad of ['0', '65', 'two', '1.5'])
        expect(problems({ ...base, API_PROCESSES: bad })).toMatch(/API_PROCESSES/);
    });
  });

  describe('LOG_REQUESTS', () => {
    it('should log only notable requests unless told all', () => {
      expect(loadConfig(base).logRequests).toBe('notable');
      expect(loadConfig({ ...base, LOG_REQUESTS: 'all' }).logRequests).toBe('all');
      expect(problems({ ...base, LOG_REQUESTS: 'some' })).toMatch(/LOG_REQUESTS/);
    });
  });

  describe('HOST', () => {
    it('should be read from the environment', () => {
      expect(loadConfig({ ...base, HOST: '127.0.0.1' }).HOST).toBe('127.0.0.1');
      expect(loadConfig({ ...base, HOST: '' }).HOST).toBe('0.0.0.0');
    });
  });

  it('should name every bad variable in one error', () => {
    const message = problems({
      DATABASE_URL: 'mysql://x',
      REDIS_URL: 'x',
      SMTP_URL: 'x',
      APP_URL: 'x',
      JWT_TTL: 'x',
    });
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'SMTP_URL', 'APP_URL', 'JWT_TTL']) {
      expect(message).toContain(`  - ${name}: `);
    }
  });

  it('should not print the URLs, which may hold passwords', () => {
    const message = problems({ ...base, DATABASE_URL: 'mysql://desk:hunter2@db/desk' });
    expect(message).not.toContain('hunter2');
  });
});
