// `node scripts/with-test-pg.mjs CMD ARGS…`: runs one command with a throwaway PostgreSQL
// (scripts/test-pg.mjs) in WINDOWDESK_TEST_PG, then stops it; e.g. the full-size acceptance run
// of two hub processes on one PostgreSQL (`npm run -s test:pg-processes`).
import { spawnSync } from 'node:child_process';
import { startTestPostgres } from './test-pg.mjs';

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error('usage: node scripts/with-test-pg.mjs CMD [ARGS…]');
  process.exit(2);
}
const pg = await startTestPostgres();
if (!pg) process.exit(1);
let status = 1;
try {
  status = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, WINDOWDESK_TEST_PG: pg.url } }).status ?? 1;
} finally {
  pg.stop();
}
process.exit(status);
