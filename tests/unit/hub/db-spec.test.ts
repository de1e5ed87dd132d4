import { describe, expect, it } from 'vitest';
import { parseDbSpec } from '../../../main/hub/store/open';
import { redactUrl } from '../../../main/hub/store/pg/db';

describe('--db: which store the hub keeps its queue in', () => {
  it('defaults to hub.sqlite in the data directory (in memory for a throwaway hub)', () => {
    expect(parseDbSpec(undefined, '/srv/hub')).toEqual({ kind: 'sqlite', file: '/srv/hub/hub.sqlite' });
    expect(parseDbSpec('sqlite:', '/srv/hub')).toEqual({ kind: 'sqlite', file: '/srv/hub/hub.sqlite' });
    expect(parseDbSpec(undefined, ':memory:')).toEqual({ kind: 'sqlite', file: ':memory:' });
    expect(parseDbSpec('sqlite:/data/other.sqlite', '/srv/hub')).toEqual({ kind: 'sqlite', file: '/data/other.sqlite' });
  });

  it('takes postgres:// and postgresql:// URLs, with an optional schema', () => {
    expect(parseDbSpec('postgres://u:p@db:5432/wd', '/x')).toEqual({ kind: 'postgres', url: 'postgres://u:p@db:5432/wd', schema: undefined });
    expect(parseDbSpec('postgresql://db/wd?schema=hall_7&sslmode=require', '/x')).toEqual({ kind: 'postgres', url: 'postgresql://db/wd?sslmode=require', schema: 'hall_7' });
  });

  it('refuses anything else in Chinese, and never prints a password', () => {
    expect(() => parseDbSpec('mysql://db/wd', '/x')).toThrow(/--db 应为/);
    expect(() => parseDbSpec('/srv/hub.sqlite', '/x')).toThrow(/--db 应为/);
    expect(redactUrl('postgres://hub:s3cret@db:5432/wd')).toBe('postgres://hub:***@db:5432/wd');
  });
});
