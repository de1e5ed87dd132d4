/** The `npm run -s archive` commands as a user runs them: output, exit code. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildArchivePackage } from '../../../main/core/archive/package/build';
import { checkArchive } from '../../../main/core/archive/checks';
import { packageInput } from '../../fixtures/archive/case';
import { tempDir } from '../hub/helpers';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../../..');

async function archive(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run('npm', ['run', '-s', 'archive', '--', ...args], { cwd: root, timeout: 120_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

let good = '';
beforeAll(async () => {
  good = path.join(tempDir(), 'bag');
  await buildArchivePackage(good, await packageInput());
}, 60_000);

describe('npm run archive -- verify', () => {
  it('prints {"ok": true, "checks": [...]} and exits 0 for a good package', async () => {
    const r = await archive('verify', good);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { ok: boolean; checks: { property: string; item: string; ok: boolean; detail: string }[] };
    expect(Object.keys(out)).toEqual(['ok', 'checks']);
    expect(out.ok).toBe(true);
    expect(out.checks).toHaveLength(17);
    for (const c of out.checks) expect(Object.keys(c)).toEqual(['property', 'item', 'ok', 'detail']);
  });

  it('exits 1 and names the property and item of a changed byte', async () => {
    const bad = path.join(tempDir(), 'bag');
    fs.cpSync(good, bad, { recursive: true });
    fs.appendFileSync(path.join(bad, 'data/case.json'), ' ');
    const r = await archive('verify', bad);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { ok: boolean; checks: { property: string; item: string; ok: boolean }[] };
    expect(out.ok).toBe(false);
    expect(out.checks.filter((c) => !c.ok).map((c) => [c.property, c.item])).toEqual([['authenticity', 'GD-1-1 固化信息有效性'], ['authenticity', 'GD-1-11 元数据与内容关联'], ['integrity', 'GD-2-2 总字节数'], ['integrity', 'GD-2-7 内容完整性']]);
  });

  it('--bagit-only judges RFC 8493 alone; a missing directory is a usage error', async () => {
    const plain = path.join(tempDir(), 'plain');
    fs.mkdirSync(path.join(plain, 'data'), { recursive: true });
    fs.writeFileSync(path.join(plain, 'bagit.txt'), 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
    fs.writeFileSync(path.join(plain, 'data/a.txt'), 'a');
    fs.writeFileSync(path.join(plain, 'manifest-md5.txt'), '0cc175b9c0f1b6a831c399e269772661  data/a.txt\n');
    const r = await archive('verify', plain, '--bagit-only');
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { ok: boolean }).ok).toBe(true);
    const full = await archive('verify', plain);
    expect(full.code).toBe(1);
    const missing = await archive('verify', path.join(plain, 'nope'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('目录不存在');
  });
});

describe('npm run archive -- demo', () => {
  it('takes a demo case to archived through workstation and hub, and copies the stored bag', async () => {
    const out = path.join(tempDir(), 'demo-bag');
    const r = await archive('demo', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    const res = JSON.parse(r.stdout) as { state: string; caseNumber: string; receipt: { stored: string; checks: { ok: boolean }[] } };
    expect(res.state).toBe('archived');
    expect(res.receipt.stored).toBe(`archive/${res.caseNumber}/bag`);
    expect(res.receipt.checks.every((c) => c.ok)).toBe(true);
    expect(checkArchive(out, { stage: 'YJ' }).ok).toBe(true);
    expect(fs.readFileSync(path.join(out, 'bag-info.txt'), 'utf8')).toContain(`办件编号: ${res.caseNumber}`);
  }, 120_000);
});
