import { randomUUID } from 'node:crypto';
import demoApplicants from '../../../resources/demo/applicants.json';
import type { CaseRecord } from '../../core/cases';
import type { ElicenceLibrary } from '../../core/elicence';
import { DeskError } from '../../../common/errors';

export interface DatashareResult {
  check: string;
  result: 'pass' | 'fail';
  reference: string;
  checkedAt: string;
}

/**
 * 数据共享核验 against SIMULATED department registries built on the demo data: the population
 * registry is the demo persons list; the vehicle registry is the demo e-licence library's
 * vehicle licences. References say SIM so nobody mistakes them for real confirmations.
 */
export async function runDatashareCheck(check: string, c: CaseRecord, elicences: ElicenceLibrary, today: string, now: Date): Promise<DatashareResult> {
  const done = (pass: boolean): DatashareResult => ({ check, result: pass ? 'pass' : 'fail', reference: `SIM-${randomUUID().slice(0, 8).toUpperCase()}`, checkedAt: now.toISOString() });
  switch (check) {
    case '公安人口信息核验': {
      const ids = [c.applicant.idNumber, c.agent?.idNumber].filter(Boolean);
      if (!ids.length) throw new DeskError('DATASHARE_NO_SUBJECT', '人口信息核验需要申请人或代理人的身份证号码，请先读取身份证。');
      return done(demoApplicants.persons.some((p) => ids.includes(p.idNumber)));
    }
    case '公安交管车辆登记信息核验': {
      if (!c.applicant.creditCode) throw new DeskError('DATASHARE_NO_SUBJECT', '车辆登记信息核验需要申请单位的统一社会信用代码。');
      const ls = await elicences.lookup({ creditCode: c.applicant.creditCode });
      return done(ls.some((l) => l.type === 'vehicle-licence' && l.status === 'valid' && (l.validTo === null || l.validTo >= today)));
    }
    default:
      throw new DeskError('DATASHARE_CHECK_UNAVAILABLE', `本机暂未接入“${check}”，请改为采集材料或核验原件。`);
  }
}
