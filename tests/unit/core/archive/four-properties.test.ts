import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildArchivePackage } from '../../../../main/core/archive/package/build';
import { checkArchive, type CheckReport } from '../../../../main/core/archive/checks';
import { readStages } from '../../../../main/core/archive/package/process';
import { rewriteTagManifests } from '../../../../main/core/archive/bagit/writer';
import { packageInput } from '../../../fixtures/archive/case';
import { digestHex } from '../../../../main/core/archive/digest';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'archive-4p-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
let pristine = '';
let n = 0;

beforeAll(async () => {
  pristine = path.join(root, 'pristine');
  await buildArchivePackage(pristine, await packageInput());
}, 60_000);

/** A fresh copy of the good package to tamper with. */
function copy(): string {
  const dir = path.join(root, `copy${++n}`);
  fs.cpSync(pristine, dir, { recursive: true });
  return dir;
}
const failed = (r: CheckReport) => r.checks.filter((c) => !c.ok).map((c) => [c.property, c.item]);

describe('archive package and its four-property check', () => {
  it('a built package passes every item, at the workstation and at the hub stage', () => {
    const gd = checkArchive(pristine, { stage: 'GD' });
    expect(failed(gd)).toEqual([]);
    expect(gd.ok).toBe(true);
    expect(gd.checks.map((c) => c.item)).toEqual([
      'GD-1-1 固化信息有效性', 'GD-1-7 档号规范性', 'GD-1-8 重复性', 'GD-1-11 元数据与内容关联', 'GD-1-14 归档信息包一致性',
      'GD-2-1 总件数', 'GD-2-2 总字节数', 'GD-2-4 必填著录项', 'GD-2-5 过程信息', 'GD-2-6 连续编号', 'GD-2-7 内容完整性',
      'GD-3-1 信息包元数据可解析', 'GD-3-3 通用格式', 'GD-4 无非公开压缩或加密', 'GD-4 无可执行内容', 'GD-4 路径安全', 'GD-4-7 归档过程安全可控',
    ]);
    // At the hub the exchange stage must already be recorded: a package never sent is not received.
    expect(failed(checkArchive(pristine, { stage: 'YJ' }))).toEqual([['integrity', 'YJ-2-5 过程信息']]);
  });

  it('holds the case record, every document as PDF, metadata and the GB/T 42727 stages so far', () => {
    const files = fs.readdirSync(path.join(pristine, 'data'), { recursive: true }).map(String).sort();
    expect(files).toEqual(['case.json', 'materials', 'materials/002-居民身份证.pdf', 'notices', 'notices/003-受理通知书.pdf', 'rating.json', 'results', 'results/004-结婚证.pdf', 'signatures', 'signatures/005-领取回执签名.pdf']);
    expect(fs.readFileSync(path.join(pristine, 'data/materials/002-居民身份证.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    expect(readStages(pristine)).toEqual(['收集', '整理', '清点', '形成归档信息包', '生成校验信息', '归档检测']);
    const xml = fs.readFileSync(path.join(pristine, 'metadata/metadata.xml'), 'utf8');
    expect(xml).toContain('<题名>张*燕申请结婚登记（内地居民）</题名>');
    expect(xml).toContain('<证件号码>1101**********1234</证件号码>');
    expect(xml).toContain('<保管期限>永久</保管期限>');
    expect(xml).toContain('<行为名称>送达</行为名称>');
    const info = fs.readFileSync(path.join(pristine, 'bag-info.txt'), 'utf8');
    expect(info).toMatch(/^办件编号: SH-SJ01-20261201-0007$/m);
    expect(info).toMatch(/^事项编码: 310117-MZ-001$/m);
    expect(info).toMatch(/^Payload-Oxum: \d+\.6$/m);
    expect(info).toMatch(/^Bagging-Date: 2026-12-01$/m);
  });

  it('a changed byte in a material fails authenticity 固化信息有效性', () => {
    const dir = copy();
    const f = path.join(dir, 'data/materials/002-居民身份证.pdf');
    const b = fs.readFileSync(f);
    b[200] = b[200]! ^ 0xff;
    fs.writeFileSync(f, b);
    const r = checkArchive(dir);
    expect(r.ok).toBe(false);
    expect(failed(r)).toEqual([['authenticity', 'GD-1-1 固化信息有效性']]);
    expect(r.checks[0]!.detail).toContain('data/materials/002-居民身份证.pdf');
  });

  it('a removed file fails integrity (总件数, 总字节数, 内容完整性)', () => {
    const dir = copy();
    fs.rmSync(path.join(dir, 'data/notices/003-受理通知书.pdf'));
    const r = checkArchive(dir);
    expect(failed(r)).toEqual([
      ['authenticity', 'GD-1-11 元数据与内容关联'], ['integrity', 'GD-2-1 总件数'], ['integrity', 'GD-2-2 总字节数'], ['integrity', 'GD-2-7 内容完整性'],
    ]);
  });

  it('edited metadata fails authenticity even when the tag manifests are re-sealed to hide it', () => {
    const dir = copy();
    const f = path.join(dir, 'metadata/metadata.xml');
    fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace('<保管期限>永久</保管期限>', '<保管期限>10年</保管期限>'));
    expect(failed(checkArchive(dir))).toEqual([['authenticity', 'GD-1-1 固化信息有效性']]);
    // Re-sealed: the edit of the case number itself is caught by the cross-checks instead.
    fs.writeFileSync(f, fs.readFileSync(f, 'utf8').replace('<档号>SH-SJ01-20261201-0007</档号>', '<档号>SH-SJ01-20261201-0008</档号>'));
    rewriteTagManifests(dir, ['sha256', 'sm3']);
    expect(failed(checkArchive(dir))).toEqual([['authenticity', 'GD-1-14 归档信息包一致性']]);
  });

  it('metadata that does not parse fails usability', () => {
    const dir = copy();
    fs.writeFileSync(path.join(dir, 'metadata/metadata.xml'), '<电子文件元数据><文件实体></电子文件元数据>');
    rewriteTagManifests(dir, ['sha256', 'sm3']);
    const r = checkArchive(dir);
    expect(failed(r)).toContainEqual(['usability', 'GD-3-1 信息包元数据可解析']);
    expect(r.checks.find((c) => c.item === 'GD-3-1 信息包元数据可解析')!.detail).toMatch(/metadata\.xml 不能解析/);
  });

  it('a payload in a format the archive does not accept fails usability 通用格式', () => {
    const dir = copy();
    addPayload(dir, 'data/materials/009-扫描件.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]));
    expect(failed(checkArchive(dir))).toContainEqual(['usability', 'GD-3-3 通用格式']);
  });

  it('an encrypted PDF, a zip and an executable fail security', () => {
    const dir = copy();
    addPayload(dir, 'data/materials/010-a.pdf', Buffer.from('%PDF-1.7\n1 0 obj\n<< /Encrypt 2 0 R >>\nendobj\n%%EOF\n'));
    addPayload(dir, 'data/materials/011-b.zip', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]));
    addPayload(dir, 'data/materials/012-c.pdf', Buffer.from('MZ\x90\x00 this program cannot be run in DOS mode'));
    addPayload(dir, 'data/materials/013-d.pdf', Buffer.from('%PDF-1.7\n<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\n%%EOF\n'));
    const r = checkArchive(dir);
    const by = (item: string) => r.checks.find((c) => c.item === item)!;
    expect(by('GD-4 无非公开压缩或加密').ok).toBe(false);
    expect(by('GD-4 无非公开压缩或加密').detail).toMatch(/010-a\.pdf：加密的 PDF.*011-b\.zip：ZIP 压缩包/);
    expect(by('GD-4 无可执行内容').detail).toMatch(/012-c\.pdf：Windows 可执行文件.*013-d\.pdf：PDF 含可执行或嵌入内容/);
  });

  it('an unsafe path in a manifest fails security 路径安全', () => {
    const dir = copy();
    fs.appendFileSync(path.join(dir, 'manifest-sha256.txt'), `${'0'.repeat(64)}  data/../../etc/passwd\n`);
    rewriteTagManifests(dir, ['sha256', 'sm3']);
    expect(failed(checkArchive(dir))).toEqual([['security', 'GD-4 路径安全']]);
  });

  it('--bagit-only reports RFC 8493 validity alone', () => {
    const dir = copy();
    fs.writeFileSync(path.join(dir, 'metadata/metadata.xml'), 'not xml');
    rewriteTagManifests(dir, ['sha256', 'sm3']);
    const r = checkArchive(dir, { bagitOnly: true });
    expect(r.ok).toBe(true);
    expect(r.checks.map((c) => c.item)).toEqual(['GD-1-1 固化信息有效性', 'GD-1-8 重复性', 'GD-2-7 内容完整性', 'GD-3-1 信息包元数据可解析', 'GD-4 路径安全']);
  });
});

/** Adds a payload file listed correctly in both manifests, so only the content checks can object. */
function addPayload(dir: string, rel: string, data: Buffer): void {
  fs.writeFileSync(path.join(dir, rel), data);
  for (const alg of ['sha256', 'sm3'] as const) fs.appendFileSync(path.join(dir, `manifest-${alg}.txt`), `${digestHex(alg, data)}  ${rel}\n`);
  rewriteTagManifests(dir, ['sha256', 'sm3']);
}
