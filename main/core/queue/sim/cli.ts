// `npm run -s sim -- --scenario FILE`: prints ONE JSON object (see engine.ts SimResult) to stdout.
import { readFileSync } from 'node:fs';
import { isDeskError } from '../../../../common/errors';
import { simulate } from './engine';
import { parseScenario } from './scenario';

function main(argv: string[]): number {
  const i = argv.indexOf('--scenario');
  const file = i >= 0 ? argv[i + 1] : undefined;
  if (!file) {
    process.stderr.write('用法：npm run -s sim -- --scenario 场景文件.json\n');
    return 2;
  }
  try {
    const sc = parseScenario(JSON.parse(readFileSync(file, 'utf8')));
    process.stdout.write(JSON.stringify(simulate(sc)) + '\n');
    return 0;
  } catch (e) {
    process.stderr.write(`${isDeskError(e) ? `${e.code}: ${e.message}` : String(e)}\n`);
    return 1;
  }
}

process.exitCode = main(process.argv.slice(2));
