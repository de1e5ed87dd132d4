import { describe, expect, it } from 'vitest';
import { parseCatalog, resolveScenario } from '../../../main/core/catalog';
import { checkMaterialStatus, summarise, type ChecklistEntry } from '../../../main/core/materials';
import catalogJson from '../../../resources/catalog/demo-catalog.json';
import elicences from '../../../resources/demo/elicences.json';

const { materials } = resolveScenario(parseCatalog(catalogJson), 'SLH-XK-0001', 'XB');
const byName = (n: string) => materials.find((m) => m.name === n)!;
const songhu = { creditCode: '91310117MA1J3K5P28' };
const ctx = { today: '2026-11-22', applicant: songhu };
const auth = { by: '张伟', method: 'signature-pad' as const, at: '2026-11-22T09:00:00+08:00' };
const licence = (type: string, holderCode = songhu.creditCode) => {
  const l = elicences.licences.find((x) => x.type === type && x.holder.creditCode === holderCode)!;
  return { licenceNumber: l.licenceNumber, type: l.type, issuer: l.issuer, validFrom: l.validFrom, validTo: l.validTo, status: l.status as 'valid', holder: l.holder };
};

describe('checkMaterialStatus', () => {
  it('accepts a valid e-licence exemption with authorisation', () => {
    const s = checkMaterialStatus(byName('营业执照'), { kind: 'exempt-elicence', licence: licence('business-licence'), authorisation: auth }, ctx);
    expect(s.kind).toBe('exempt-elicence');
  });

  it('refuses an e-licence without authorisation, of the wrong type, expired, revoked or of another holder', () => {
    const m = byName('道路运输经营许可证');
    expect(() => checkMaterialStatus(m, { kind: 'exempt-elicence', licence: licence('road-transport-permit') }, ctx)).toThrow(expect.objectContaining({ code: 'MATERIAL_STATUS_INVALID' }));
    expect(() => checkMaterialStatus(m, { kind: 'exempt-elicence', licence: licence('business-licence'), authorisation: auth }, ctx)).toThrow(expect.objectContaining({ code: 'MATERIAL_ELICENCE_WRONG_TYPE' }));
    const expired = { ...licence('road-transport-permit'), validTo: '2026-01-01' };
    expect(() => checkMaterialStatus(m, { kind: 'exempt-elicence', licence: expired, authorisation: auth }, ctx)).toThrow(expect.objectContaining({ code: 'MATERIAL_ELICENCE_NOT_VALID' }));
    const revoked = { ...licence('road-transport-permit'), status: 'revoked' as const };
    expect(() => checkMaterialStatus(m, { kind: 'exempt-elicence', licence: revoked, authorisation: auth }, ctx)).toThrow(expect.objectContaining({ code: 'MATERIAL_ELICENCE_NOT_VALID' }));
    const other = licence('road-transport-permit', '91310115MA1H7N2Q4K');
    expect(() => checkMaterialStatus(m, { kind: 'exempt-elicence', licence: { ...other, status: 'valid', validTo: '2030-01-01' }, authorisation: auth }, ctx)).toThrow(expect.objectContaining({ code: 'MATERIAL_ELICENCE_HOLDER_MISMATCH' }));
    expect(() => checkMaterialStatus(byName('企业安全生产管理制度'), { kind: 'exempt-elicence', licence: licence('business-licence'), authorisation: auth }, ctx)).toThrow(expect.objectContaining({ code: 'MATERIAL_ELICENCE_NOT_APPLICABLE' }));
  });

  it('allows commitment only where the definition does', () => {
    expect(checkMaterialStatus(byName('企业安全生产管理制度'), { kind: 'commitment' }, ctx).kind).toBe('commitment');
    expect(() => checkMaterialStatus(byName('营业执照'), { kind: 'commitment' }, ctx)).toThrow(expect.objectContaining({ code: 'MATERIAL_COMMITMENT_NOT_ALLOWED' }));
  });

  it('data-sharing check must be the defined one and must pass', () => {
    const m = byName('运输车辆机动车行驶证');
    const ok = { kind: 'exempt-datashare', check: m.datashareCheck!, result: 'pass', reference: 'JG-1', checkedAt: '2026-11-22T09:00:00+08:00' };
    expect(checkMaterialStatus(m, ok, ctx).kind).toBe('exempt-datashare');
    expect(() => checkMaterialStatus(m, { ...ok, result: 'fail' }, ctx)).toThrow(expect.objectContaining({ code: 'MATERIAL_DATASHARE_FAILED' }));
    expect(() => checkMaterialStatus(m, { ...ok, check: '别的核验' }, ctx)).toThrow(expect.objectContaining({ code: 'MATERIAL_DATASHARE_WRONG_CHECK' }));
    expect(() => checkMaterialStatus(byName('营业执照'), ok, ctx)).toThrow(expect.objectContaining({ code: 'MATERIAL_DATASHARE_NOT_APPLICABLE' }));
  });

  it('captured needs at least one attachment', () => {
    expect(() => checkMaterialStatus(byName('营业执照'), { kind: 'captured', attachmentIds: [] }, ctx)).toThrow(expect.objectContaining({ code: 'MATERIAL_STATUS_INVALID' }));
  });
});

describe('summarise', () => {
  const base = (): ChecklistEntry[] => materials.map((def) => ({ def, status: { kind: 'missing' } }));
  it('lists exactly the needed missing materials; optional/inapplicable conditional ones do not block', () => {
    const list = base();
    const s = summarise(list);
    expect(s.readyToAccept).toBe(false);
    expect(s.missing.map((m) => m.id)).toEqual(materials.filter((m) => m.requirement === 'required').map((m) => m.id));
    for (const e of list) if (e.def.requirement === 'required') e.status = { kind: 'original-sighted' };
    expect(summarise(list).readyToAccept).toBe(true);
    list.find((e) => e.def.id === 'M99')!.applicable = true;
    expect(summarise(list).missing.map((m) => m.id)).toEqual(['M99']);
  });

  it('allows acceptance with deficiency only when every missing material allows it', () => {
    const list = base();
    for (const e of list) if (e.def.requirement === 'required' && !e.def.deficiencyAllowed) e.status = { kind: 'original-sighted' };
    const s = summarise(list);
    expect(s.missing.map((m) => m.name)).toEqual(['驾驶员名单及机动车驾驶证']);
    expect(s.canAcceptWithDeficiency).toBe(true);
    list[0].status = { kind: 'missing' };
    expect(summarise(list).canAcceptWithDeficiency).toBe(false);
  });
});
