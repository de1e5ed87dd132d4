import { defineConfig } from 'vitest/config';

const base = {
  environment: 'node' as const,
  pool: 'forks' as const,
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

/**
 * Hub suites (and the workstation-to-hub api-queue suites) that reach the hub only through
 * startTestHub run a second time on PostgreSQL when
 * WINDOWDESK_TEST_PG names one (the `hub-pg` project; each test hub on a fresh schema). Left out:
 * the suites that read hub.sqlite itself or spawn `npm run hub` on a data directory (migrations,
 * concurrency, the reconcile kill test); their PostgreSQL counterparts are in
 * tests/integration/hub-pg, which skip with a reason without WINDOWDESK_TEST_PG.
 */
const sqliteOnly = [
  'tests/integration/hub/migrations.test.ts',
  'tests/integration/hub/concurrency.test.ts',
  'tests/integration/hub/security-reconcile.test.ts',
];

export default defineConfig({
  test: {
    ...base,
    projects: [
      { test: { ...base, name: 'default', include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'] } },
      ...(process.env.WINDOWDESK_TEST_PG
        ? [{ test: { ...base, name: 'hub-pg', include: ['tests/integration/hub/**/*.test.ts', 'tests/integration/api-queue/**/*.test.ts'], exclude: sqliteOnly, env: { WINDOWDESK_TEST_HUB_BACKEND: 'postgres' } } }]
        : []),
    ],
  },
});
