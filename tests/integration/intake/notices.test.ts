import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateNotice, NOTICE_TITLES, type NoticeKind } from '../../../main/core/notices';
import { actor, completeZhatuMaterials, draftZhatu, setup, sha, songhu, zhang } from './helpers';

const hall = { name: '上海市松江区行政服务中心', issuer: '上海市绿化和市容管理局', address: '上海市松江区中山中路2号', phone: '021-12345678' };
const dir = mkdtempSync(join(tmpdir(), 'wd-notices-'));

function pdfText(buf: Buffer, name: string): { text: string; fonts: string } {
  const f = join(dir, `${name}.pdf`);
  writeFileSync(f, buf);
  return { text: execFileSync('pdftotext', ['-enc', 'UTF-8', f, '-']).toString('utf8'), fonts: execFileSync('pdffonts', [f]).toString('utf8') };
}

async function cases() {
  const s = setup();
  const accepted = draftZhatu(s.service);
  await completeZhatuMaterials(s, accepted.id);
  s.service.accept(accepted.id, actor);

  const corr = draftZhatu(s.service);
  await completeZhatuMaterials(s, corr.id, ['驾驶员名单及机动车驾驶证', '企业安全生产管理制度']);
  s.service.requestCorrection(corr.id, actor);

  const rej = draftZhatu(s.service);
  s.service.reject(rej.id, { reason: '申请事项依法不需要取得行政许可', legalBasis: '《中华人民共和国行政许可法》第三十二条' }, actor);

  const def = draftZhatu(s.service);
  await completeZhatuMaterials(s, def.id, ['驾驶员名单及机动车驾驶证']);
  s.service.acceptWithDeficiency(def.id, 5, actor);

  const pledge = draftZhatu(s.service);

  const done = draftZhatu(s.service);
  await completeZhatuMaterials(s, done.id);
  s.service.accept(done.id, actor);
  s.service.startReview(done.id, actor);
  s.service.complete(done.id, { decision: 'approved' }, actor);
  s.service.issueResult(done.id, { method: 'post', recipient: zhang.name, phone: zhang.phone, address: '上海市松江区九亭镇沪松公路1399号' }, actor);
  const get = (id: string) => s.service.queries.getCase(id);
  return { s, acceptance: get(accepted.id), correction: get(corr.id), rejection: get(rej.id), deficiency: get(def.id), commitment: get(pledge.id), 'result-receipt': get(done.id) };
}

describe('notice PDFs', () => {
  it('every notice embeds the CJK font and its Chinese text extracts unchanged', async () => {
    const all = await cases();
    const printedAt = '2026-02-12T03:00:00.000Z';
    const expectations: Record<NoticeKind, string[]> = {
      acceptance: ['承诺办结日期为2026年2月26日', '营业执照', '电子证照免交', '道路运输经营许可证'],
      correction: ['驾驶员名单及机动车驾驶证', '企业安全生产管理制度', '一次性告知'],
      rejection: ['申请事项依法不需要取得行政许可', '《中华人民共和国行政许可法》第三十二条'],
      deficiency: ['驾驶员名单及机动车驾驶证', '2026年2月26日前补交'],
      commitment: ['企业安全生产管理制度', '运输车辆安装卫星定位及密闭装置的证明', '告知承诺书'],
      'result-receipt': ['上海市松江区九亭镇沪松公路1399号', '已办结（准予）'],
    };
    for (const kind of Object.keys(expectations) as NoticeKind[]) {
      const c = all[kind];
      const pdf = await generateNotice(kind, { case: c, hall, printedAt });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const { text, fonts } = pdfText(pdf, kind);
      const flat = text.replace(/\s+/g, '');
      expect(text, kind).toContain(NOTICE_TITLES[kind]);
      expect(text).toContain(hall.name);
      expect(text).toContain(songhu.name);
      expect(text).toContain('2026年2月12日');
      if (c.caseNumber) expect(text).toContain(`办件编号：${c.caseNumber}`);
      for (const s of expectations[kind]) expect(flat, `${kind}: ${s}`).toContain(s.replace(/\s+/g, ''));
      // pdffonts columns: name type encoding emb sub uni
      const fontLines = fonts.split('\n').filter((l) => /NotoSansSC/.test(l));
      expect(fontLines.length, kind).toBeGreaterThan(0);
      for (const l of fontLines) expect(l).toMatch(/yes\s+yes\s+yes\s+\S+\s+\d+\s*$/);
    }
  });

  it('carries the QR to rate the service later when given its page, and not otherwise', async () => {
    const all = await cases();
    const printedAt = '2026-02-12T03:00:00.000Z';
    const url = 'http://hall-hub.local:7380/rate/AbCdEfGhIjKlMnOp';
    const withQr = pdfText(await generateNotice('acceptance', { case: all.acceptance, hall, printedAt, rateUrl: url }), 'acceptance-rate');
    expect(withQr.text).toContain('扫码评价本次服务');
    expect(withQr.text).toContain('扫码查询办理进度');
    const without = pdfText(await generateNotice('acceptance', { case: all.acceptance, hall, printedAt }), 'acceptance-plain');
    expect(without.text).not.toContain('扫码评价本次服务');
    // Two QR images on the page with it, one without.
    const images = (name: string) => execFileSync('pdfimages', ['-list', join(dir, `${name}.pdf`)]).toString('utf8').split('\n').filter((l) => /^\s*\d+\s+\d+\s+image/.test(l)).length;
    expect(images('acceptance-rate')).toBe(images('acceptance-plain') + 1);
  });

  it('refuses a notice the case is not ready for', async () => {
    const s = setup();
    const d = draftZhatu(s.service);
    await expect(generateNotice('acceptance', { case: d, hall, printedAt: '2026-02-12T03:00:00Z' })).rejects.toMatchObject({ code: 'NOTICE_NOT_APPLICABLE' });
    await expect(generateNotice('result-receipt', { case: d, hall, printedAt: '2026-02-12T03:00:00Z' })).rejects.toMatchObject({ code: 'NOTICE_NOT_APPLICABLE' });
    const inst = s.service.createDraft({ applicant: { type: 'person', name: zhang.name, idNumber: zhang.idNumber }, itemCode: 'GG-JB-0001', scenarioCode: 'GR', catalogVersion: 'demo-2026.1' }, actor);
    await expect(generateNotice('commitment', { case: inst, hall, printedAt: '2026-02-12T03:00:00Z' })).rejects.toMatchObject({ code: 'NOTICE_NOTHING_TO_PLEDGE' });
    expect(sha('x')).toHaveLength(64);
  });
});
