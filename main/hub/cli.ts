// `npm run hub -- [--port 7300] [--data ./hub-data] [--demo] [--host 0.0.0.0] [--allow-host hall-hub.local]
//   [--requests-per-minute 1200] [--issues-per-minute 120] [--push-per-client 16]`
import type { HubLimits } from './guard';
import { startHub } from './index';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}
function all(name: string): string[] {
  return process.argv.flatMap((a, i) => (a === name && process.argv[i + 1] ? [process.argv[i + 1]] : []));
}
function count(name: string): number | undefined {
  const v = arg(name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) {
    process.stderr.write(`${name} 应为正整数（收到“${v}”）。\n`);
    process.exit(2);
  }
  return n;
}

const limits: Partial<HubLimits> = {};
const perMinute = count('--requests-per-minute');
const issuesPerMinute = count('--issues-per-minute');
const pushPerClient = count('--push-per-client');
if (perMinute) limits.perMinute = perMinute;
if (issuesPerMinute) limits.issuesPerMinute = issuesPerMinute;
if (pushPerClient) limits.pushPerClient = pushPerClient;
if (all('--allow-host').length) limits.hosts = all('--allow-host');

const port = Number(arg('--port') ?? process.env.HUB_PORT ?? 7300);
const dataDir = arg('--data') ?? process.env.HUB_DATA ?? './hub-data';
const running = await startHub({ port, dataDir, demo: process.argv.includes('--demo'), host: arg('--host'), limits });
process.stdout.write(`大厅服务已启动：${running.url}  （叫号屏 ${running.url}/display，数据目录 ${dataDir}）\n`);
const stop = () => void running.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
