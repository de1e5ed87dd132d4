/** `npm run hub -- --db postgres://…` as a child process, for the multi-process PostgreSQL tests. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const PIN = '314159';

/** Starts a hub process on `dataDir` with its queue in `db`; resolves with its URL once it listens. */
export function startPgHubProcess(dataDir: string, db: string, env: Record<string, string> = {}): Promise<{ child: ChildProcess; url: string }> {
  const root = path.resolve(__dirname, '../../..');
  // One test client plays many counters: the per-client limits (guard.ts) are lifted for it.
  const args = ['--import', 'tsx', 'main/hub/cli.ts', '--port', '0', '--data', dataDir, '--db', db, '--requests-per-minute', '10000000', '--issues-per-minute', '10000000'];
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, WINDOWDESK_PIN: PIN, ...env } });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`hub process did not start: ${out}`)), 60_000);
    const read = (b: Buffer) => {
      out += b.toString();
      const m = /https:\/\/127\.0\.0\.1:\d+/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[0] });
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hub process exited (${code}): ${out}`));
    });
  });
}

export async function stopAll(children: ChildProcess[]): Promise<void> {
  for (const c of children) {
    if (c.exitCode !== null || c.signalCode !== null) continue;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await exited;
  }
}
