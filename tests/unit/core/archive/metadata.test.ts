import { describe, expect, it } from 'vitest';
import { metadataXml, parseMetadataXml, parseProcessXml, processXml, type ArchiveMetadata } from '../../../../main/core/archive/package/metadata';

const meta: ArchiveMetadata = {
  caseId: 'c1', caseNumber: 'SH-SJ01-20261201-0001', title: '“A&B” <公司> 申请\u0001', fonds: '中心', department: '局', date: '2026-12-01', retention: '10年',
  item: { code: 'X-1', name: '事项', version: 'v1', scenario: '新办' }, applicant: { type: '法人或其他组织', name: 'A&B', idNumber: '91310000MA1K000000' },
  files: [{ seq: 1, category: '申请材料', title: 'a<b', path: 'data/materials/001-a.pdf', size: 10, format: 'PDF', sm3: 'ab' }],
  steps: [{ seq: 1, action: '收件', at: '2026-12-01T01:00:00Z', actor: '李明（1001）', counter: 'C03' }],
};

describe('archive metadata XML', () => {
  it('round-trips every element, escaping markup and dropping characters XML 1.0 cannot hold', () => {
    const xml = metadataXml(meta);
    expect(xml).toContain('<题名>“A&amp;B” &lt;公司&gt; 申请</题名>');
    const back = parseMetadataXml(xml);
    expect(back.metadata).toEqual({ ...meta, title: '“A&B” <公司> 申请' });
    expect(back.declared).toEqual({ count: '1', bytes: '10' });
  });

  it('says where XML that is not well-formed breaks', () => {
    expect(() => parseMetadataXml(metadataXml(meta).replace('</档号>', ''))).toThrow(/第 \d+ 行/);
    expect(() => parseProcessXml('<归档过程><环节></归档过程>')).toThrow(/第 \d+ 行/);
  });

  it('process info round-trips in order', () => {
    const entries = [{ seq: 1, stage: '收集' as const, at: 't1', actor: '工作站 ws', result: '共 3 件' }, { seq: 2, stage: '整理' as const, at: 't2', actor: '工作站 ws', result: 'ok' }];
    expect(parseProcessXml(processXml(entries))).toEqual(entries);
  });
});
