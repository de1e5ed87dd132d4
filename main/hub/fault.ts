/**
 * Crash points for the kill tests, off unless the hub process is started with
 * `HUB_FAULT=kill@<point>#<n>`: the n-th time the code passes `<point>`, the process kills itself
 * with SIGKILL — exactly where a power cut or kill -9 would have to land to split a write in two.
 * (tests/integration/hub/security-reconcile.test.ts puts one between applying an offline
 * operation and recording it, inside their one transaction.)
 */
const spec = /^kill@([a-z.]+)#(\d+)$/.exec(process.env.HUB_FAULT ?? '');
let hits = 0;

export function crashPoint(point: string): void {
  if (!spec || spec[1] !== point) return;
  if (++hits === Number(spec[2])) process.kill(process.pid, 'SIGKILL');
}
