import { describe, expect, it } from 'vitest';
import type { AssistRecord } from '../../../common/assist/schema';
import { LEDGER_COLUMNS, ledgerCsv, ledgerFigures, ledgerRow } from '../../../main/core/assist/ledger';

const t0 = Date.parse('2026-03-02T10:00:00+08:00');
const min = 60_000;
function rec(p: Partial<AssistRecord>): AssistRecord {
  return {
    id: 1, key: 'k', source: 'counter', kind: 'fill', status: 'closed', counter: 3, counters: [3], requestedBy: { staffNo: '1001', name: '王敏' }, note: '',
    requestedAt: t0, acceptedAt: t0 + min, arrivedAt: t0 + 3 * min, closedAt: t0 + 13 * min, escalatedAt: null, etaMinutes: 2,
    helper: { staffNo: '2001', name: '陈静', capacity: 'assistant' }, applicant: '张*', itemCode: 'X1', itemName: '居民身份证换领', caseIds: ['C-1'],
    ticketNo: 'A001', problem: '不会填表', action: '代填', outcome: 'resolved', outOfScope: false, reportId: null, rating: null, ...p,
  };
}

describe('帮办台账 rows and figures', () => {
  it('a row has every column, times in hall time and the response and handling minutes', () => {
    const row = ledgerRow(rec({}));
    expect(row).toHaveLength(LEDGER_COLUMNS.length);
    const at = (c: (typeof LEDGER_COLUMNS)[number]) => row[LEDGER_COLUMNS.indexOf(c)];
    expect(at('求助时间')).toBe('2026-03-02 10:00');
    expect(at('帮办类型')).toBe('帮办填报');
    expect(at('帮办人')).toBe('陈静（2001）');
    expect(at('接单用时（分钟）')).toBe(1);
    expect(at('到窗用时（分钟）')).toBe(3);
    expect(at('办理用时（分钟）')).toBe(10);
    expect(at('评价')).toBeNull();
    expect(ledgerRow(rec({ outOfScope: true }))[LEDGER_COLUMNS.indexOf('涉法涉诉')]).toMatch(/^是/);
  });

  it('首办成功率 and averages per helper and kind, 涉法涉诉 and unfinished ones not counted', () => {
    const f = ledgerFigures([
      rec({ id: 1 }),
      rec({ id: 2, outcome: 'partly', acceptedAt: t0 + 3 * min }),
      rec({ id: 3, outcome: 'unresolved', kind: 'consult', helper: { staffNo: '2002', name: '孙丽', capacity: 'approver' } }),
      rec({ id: 4, outOfScope: true, outcome: 'unresolved' }),
      rec({ id: 5, status: 'accepted', outcome: null, closedAt: null }),
      rec({ id: 6, requestedAt: Date.parse('2026-04-01T09:00:00+08:00'), acceptedAt: null, arrivedAt: null, closedAt: Date.parse('2026-04-01T09:30:00+08:00') }),
    ]);
    expect(f.months).toEqual([{ month: '2026-03', count: 3, resolved: 1 }, { month: '2026-04', count: 1, resolved: 1 }]);
    const chen = f.groups.find((g) => g.by === 'helper' && g.key === '2001')!;
    expect(chen).toMatchObject({ count: 3, resolved: 2, avgAcceptMinutes: 2, label: '陈静（帮办人员）' });
    expect(chen.resolutionRate).toBeCloseTo(2 / 3);
    expect(f.groups.find((g) => g.by === 'helper' && g.key === '2002')).toMatchObject({ resolutionRate: 0, label: '孙丽（审批官）' });
    expect(f.groups.find((g) => g.by === 'kind' && g.key === 'consult')).toMatchObject({ count: 1, label: '业务咨询' });
  });

  it('CSV: UTF-8 BOM, the Chinese header, quoted cells, formulas defused; an empty period is the header alone', () => {
    expect(ledgerCsv([])).toBe(`\uFEFF${LEDGER_COLUMNS.join(',')}\r\n`);
    const csv = ledgerCsv([rec({ problem: '说"急",要快', action: '=HYPERLINK("x")' })]);
    expect(csv.startsWith('\uFEFF帮办编号,求助时间,帮办类型')).toBe(true);
    expect(csv).toContain('"说""急"",要快"');
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
  });
});
