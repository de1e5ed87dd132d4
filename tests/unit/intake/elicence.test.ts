import { describe, expect, it } from 'vitest';
import { createDemoElicenceLibrary, DemoElicenceLibrary } from '../../../main/core/elicence';
import { isValidCreditCode, isValidResidentIdNumber } from '../../../common/identity';
import { parseCatalog, resolveScenario } from '../../../main/core/catalog';
import applicants from '../../../resources/demo/applicants.json';
import catalogJson from '../../../resources/catalog/demo-catalog.json';

const lib = createDemoElicenceLibrary(() => '2026-11-22');

describe('demo applicants', () => {
  it('all carry valid checksummed numbers', () => {
    for (const p of applicants.persons) expect(isValidResidentIdNumber(p.idNumber), p.name).toBe(true);
    for (const c of applicants.companies) expect(isValidCreditCode(c.creditCode), c.name).toBe(true);
    expect(applicants.persons.some((p) => p.idNumber.endsWith('X'))).toBe(true);
  });
});

describe('demo e-licence library', () => {
  it("张伟's company holds both e-licences that exempt 建筑渣土运输处置证 新办", async () => {
    const zhang = applicants.companies.find((c) => c.legalRepresentative === '张伟')!;
    const held = await lib.lookup({ creditCode: zhang.creditCode });
    const { materials } = resolveScenario(parseCatalog(catalogJson), 'SLH-XK-0001', 'XB');
    for (const m of materials.filter((x) => x.elicenceType)) {
      expect(held.some((l) => l.type === m.elicenceType && l.status === 'valid'), m.name).toBe(true);
    }
  });

  it('reports expired and revoked licences, and computes expiry from validTo', async () => {
    const shenlv = applicants.companies.find((c) => c.legalRepresentative === '王建国')!;
    const held = await lib.lookup({ creditCode: shenlv.creditCode });
    expect(held.find((l) => l.type === 'road-transport-permit')!.status).toBe('expired');
    expect(held.find((l) => l.type === 'domestic-waste-permit')!.status).toBe('revoked');
    const later = createDemoElicenceLibrary(() => '2031-03-01');
    const songhu = applicants.companies[0];
    expect((await later.lookup({ creditCode: songhu.creditCode })).find((l) => l.type === 'road-transport-permit')!.status).toBe('expired');
  });

  it('finds a person by ID number and refuses an empty query', async () => {
    expect((await lib.lookup({ idNumber: applicants.persons[0].idNumber })).map((l) => l.type)).toEqual(['driving-licence']);
    expect(await lib.lookup({ idNumber: applicants.persons[1].idNumber })).toEqual([]);
    await expect(lib.lookup({})).rejects.toMatchObject({ code: 'ELICENCE_QUERY_EMPTY' });
    expect(() => new DemoElicenceLibrary({ licences: [{ nope: 1 }] })).toThrow(expect.objectContaining({ code: 'ELICENCE_DATA_INVALID' }));
  });
});
