/**
 * `npm run -s archive -- verify DIR [--bagit-only] [--stage GD|YJ]`: the four-property check of an
 * archive package as JSON `{"ok", "checks": [{property, item, ok, detail}]}`, exit 1 when not ok.
 * `npm run -s archive -- demo --out DIR`: a demo case from draft to archived through the real
 * workstation and hub services, the hub's stored bag copied to DIR.
 */
import fs from 'node:fs';
import { checkArchive } from '../core/archive/checks';
import { runArchiveDemo } from './archive-demo';

const USAGE = '用法：npm run -s archive -- verify 目录 [--bagit-only] [--stage GD|YJ]\n      npm run -s archive -- demo --out 目录\n';

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === 'verify') {
    const dir = rest.find((a) => !a.startsWith('--') && !['GD', 'YJ'].includes(a));
    const stageAt = rest.indexOf('--stage');
    const stage = stageAt >= 0 ? rest[stageAt + 1] : 'GD';
    const unknown = rest.filter((a, i) => a.startsWith('--') && !['--bagit-only', '--stage'].includes(a) && i !== stageAt + 1);
    if (!dir || unknown.length > 0 || (stage !== 'GD' && stage !== 'YJ')) {
      process.stderr.write(USAGE);
      return 2;
    }
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
      process.stderr.write(`目录不存在：${dir}\n`);
      return 2;
    }
    const report = checkArchive(dir, { bagitOnly: rest.includes('--bagit-only'), stage });
    process.stdout.write(`${JSON.stringify({ ok: report.ok, checks: report.checks })}\n`);
    return report.ok ? 0 : 1;
  }
  if (cmd === 'demo') {
    const at = rest.indexOf('--out');
    const out = at >= 0 ? rest[at + 1] : undefined;
    if (!out) {
      process.stderr.write(USAGE);
      return 2;
    }
    const r = await runArchiveDemo(out, (line) => process.stderr.write(`${line}\n`));
    process.stdout.write(`${JSON.stringify({ caseNumber: r.caseNumber, state: r.state, out: r.out, receipt: r.receipt, ok: r.check.ok })}\n`);
    return r.check.ok && r.state === 'archived' ? 0 : 1;
  }
  process.stderr.write(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    process.stderr.write(`归档命令失败：${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
