// A throwaway PostgreSQL for `npm test`: the hub suites run a second time against it (vitest's
// `hub-pg` project, WINDOWDESK_TEST_PG). Debian's `postgresql` package provides the binaries
// (system-deps.mjs installs it as root); the cluster lives in a temp directory, owned by the
// `postgres` user when we run as root (initdb refuses root), on 127.0.0.1 and a free port, with
// fsync off (nothing in it outlives the run). Returns null, saying why, when it cannot start: the
// PostgreSQL variants then skip with their reason.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export function findPgBin() {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs.readdirSync(root).filter((v) => /^\d+$/.test(v) && fs.existsSync(path.join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(root, versions[0], 'bin') : null;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

export async function startTestPostgres({ log = console.log } = {}) {
  const bin = findPgBin();
  if (!bin) {
    log('[test] PostgreSQL is not installed (Debian package postgresql): the hub\'s PostgreSQL variants will skip.');
    return null;
  }
  const isRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wd-pg-'));
  const asUser = (cmd, args) => (isRoot ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' }) : spawnSync(cmd, args, { encoding: 'utf8' }));
  if (isRoot) {
    if (spawnSync('id', ['-u', 'postgres'], { stdio: 'ignore' }).status !== 0) {
      log('[test] no `postgres` user to run PostgreSQL as: the hub\'s PostgreSQL variants will skip.');
      return null;
    }
    spawnSync('chown', ['postgres', dir]);
  }
  const data = path.join(dir, 'data');
  const init = asUser(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
  if (init.status !== 0) {
    log(`[test] initdb failed: ${init.stderr || init.stdout}`);
    return null;
  }
  const port = await freePort();
  const opts = `-k ${dir} -p ${port} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400`;
  const start = asUser(path.join(bin, 'pg_ctl'), ['-D', data, '-l', path.join(dir, 'log'), '-o', opts, '-w', '-t', '60', 'start']);
  if (start.status !== 0) {
    log(`[test] PostgreSQL did not start: ${start.stderr || start.stdout}\n${fs.existsSync(path.join(dir, 'log')) ? fs.readFileSync(path.join(dir, 'log'), 'utf8').slice(-2000) : ''}`);
    return null;
  }
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  log(`[test] throwaway PostgreSQL (${path.basename(path.dirname(bin))}) at ${url}, data in ${data}`);
  return {
    url,
    stop() {
      asUser(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
