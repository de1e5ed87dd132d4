import type { MaterialDef } from '../catalog/schema';
import { effectiveStatus } from '../elicence/demo-library';
import { DeskError } from '../../../common/errors';
import { materialStatusSchema, type MaterialStatus } from './types';

export interface StatusContext {
  /** Today, YYYY-MM-DD, to judge licence validity. */
  today: string;
  /** The applicant the licence must belong to. */
  applicant: { idNumber?: string; creditCode?: string };
}

/**
 * Refuses a status the material's definition forbids. Returns the parsed status so callers store
 * exactly what was checked.
 */
export function checkMaterialStatus(def: MaterialDef, input: unknown, ctx: StatusContext): MaterialStatus {
  const parsed = materialStatusSchema.safeParse(input);
  if (!parsed.success) {
    throw new DeskError('MATERIAL_STATUS_INVALID', `材料“${def.name}”的状态数据不完整（${parsed.error.issues[0]?.path.join('.')}），请重新操作。`);
  }
  const s = parsed.data;
  switch (s.kind) {
    case 'exempt-elicence': {
      if (!def.elicenceType) {
        throw new DeskError('MATERIAL_ELICENCE_NOT_APPLICABLE', `材料“${def.name}”不支持电子证照免交，请采集材料或核验原件。`);
      }
      if (s.licence.type !== def.elicenceType) {
        throw new DeskError('MATERIAL_ELICENCE_WRONG_TYPE', `所选电子证照类型与材料“${def.name}”不符，请选择正确的证照。`);
      }
      const st = effectiveStatus({ ...s.licence, name: def.name }, ctx.today);
      if (st !== 'valid') {
        const why = st === 'revoked' ? '已被撤销' : '已过有效期';
        throw new DeskError('MATERIAL_ELICENCE_NOT_VALID', `电子证照 ${s.licence.licenceNumber} ${why}，不能用于免交“${def.name}”，请申请人提交有效证照或先办理延续。`);
      }
      const h = s.licence.holder;
      const matches = (ctx.applicant.creditCode && h.creditCode === ctx.applicant.creditCode) || (ctx.applicant.idNumber && h.idNumber === ctx.applicant.idNumber);
      if (!matches) {
        throw new DeskError('MATERIAL_ELICENCE_HOLDER_MISMATCH', `电子证照 ${s.licence.licenceNumber} 的持证主体不是本次申请人，不能用于免交。`);
      }
      return s;
    }
    case 'exempt-datashare':
      if (!def.datashareCheck) {
        throw new DeskError('MATERIAL_DATASHARE_NOT_APPLICABLE', `材料“${def.name}”不支持数据共享核验免交，请采集材料或核验原件。`);
      }
      if (s.check !== def.datashareCheck) {
        throw new DeskError('MATERIAL_DATASHARE_WRONG_CHECK', `材料“${def.name}”应通过“${def.datashareCheck}”核验，请重新核验。`);
      }
      if (s.result !== 'pass') {
        throw new DeskError('MATERIAL_DATASHARE_FAILED', `“${def.datashareCheck}”未通过，材料“${def.name}”不能免交，请申请人提交纸质或电子材料。`);
      }
      return s;
    case 'commitment':
      if (!def.commitmentAllowed) {
        throw new DeskError('MATERIAL_COMMITMENT_NOT_ALLOWED', `材料“${def.name}”不适用告知承诺，请申请人提交该材料。`);
      }
      return s;
    case 'original-sighted':
      if (def.format === 'electronic') {
        throw new DeskError('MATERIAL_ORIGINAL_NOT_APPLICABLE', `材料“${def.name}”只接受电子材料，请上传电子文件。`);
      }
      return s;
    case 'captured':
    case 'missing':
      return s;
  }
}
