// `npm run hub -- [--port 7300] [--data ./hub-data] [--demo] [--host 0.0.0.0]`
import { startHub } from './index';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const port = Number(arg('--port') ?? process.env.HUB_PORT ?? 7300);
const dataDir = arg('--data') ?? process.env.HUB_DATA ?? './hub-data';
const running = await startHub({ port, dataDir, demo: process.argv.includes('--demo'), host: arg('--host') });
process.stdout.write(`大厅服务已启动：${running.url}  （叫号屏 ${running.url}/display，数据目录 ${dataDir}）\n`);
const stop = () => void running.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
