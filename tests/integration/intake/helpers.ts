import { hallDay } from '../../../common/hall-time';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { migrate, type Migration } from '../../../main/db/migrate';
import { CatalogStore } from '../../../main/core/catalog';
import { CaseService } from '../../../main/core/cases';
import { m0004 } from '../../../main/db/migrations/0004-cases';
import { m0005 } from '../../../main/db/migrations/0005-case-ticket';
import { m0006 } from '../../../main/db/migrations/0006-case-agent';
import { m0011 } from '../../../main/db/migrations/0011-sync-outbox';
import { m0002 } from '../../../main/db/migrations/0002-files';
import { m0022 } from '../../../main/db/migrations/0022-case-file-fetches';
import { createDemoElicenceLibrary } from '../../../main/core/elicence';
import catalogJson from '../../../resources/catalog/demo-catalog.json';
import applicants from '../../../resources/demo/applicants.json';

export const actor = { staffId: 'S001', counterId: 'C03' };
export const zhang = applicants.persons.find((p) => p.name === '张伟')!;
export const songhu = applicants.companies.find((c) => c.legalRepresentative === '张伟')!;
export const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** `extra`: further workstation migrations between the outbox's and the restored files' (in their order). */
export function setup(startIso = '2026-02-12T02:00:00.000Z', extra: readonly Migration[] = []) {
  const db = new Database(':memory:');
  // The cases' tables, the outbox, and the files a restored case still waits for (CaseQueries reads them).
  migrate(db, [m0002, m0004, m0005, m0006, m0011, ...extra, m0022]);
  const catalogs = new CatalogStore();
  catalogs.add(catalogJson);
  const clock = { t: new Date(startIso) };
  const service = new CaseService({ db, catalogs, hallCode: 'SJ01', now: () => clock.t });
  const today = () => hallDay(clock.t);
  const elicences = createDemoElicenceLibrary(today);
  return { db, catalogs, clock, service, elicences };
}

export function snapshot(db: Database.Database) {
  const t = (n: string) => db.prepare(`SELECT * FROM ${n} ORDER BY 1`).all();
  return JSON.stringify(['cases', 'case_materials', 'case_attachments', 'case_events', 'case_signatures', 'case_number_seq'].map(t));
}

/** A 渣土 新办 draft for 张伟's company with 张伟 as its legal representative. */
export function draftZhatu(service: CaseService) {
  return service.createDraft({
    applicant: { type: 'company', name: songhu.name, creditCode: songhu.creditCode, legalRepresentative: zhang.name, phone: zhang.phone },
    agent: { name: zhang.name, idNumber: zhang.idNumber, relation: 'legal-representative' },
    itemCode: 'SLH-XK-0001', scenarioCode: 'XB', catalogVersion: 'demo-2026.1',
  }, actor);
}

/** Satisfies every required material of a 渣土 新办 draft the way a clerk would, using the demo e-licences. */
export async function completeZhatuMaterials(s: ReturnType<typeof setup>, caseId: string, skip: string[] = []) {
  const { service, elicences } = s;
  const held = await elicences.lookup({ creditCode: songhu.creditCode });
  const auth = { by: zhang.name, method: 'signature-pad' as const, at: s.clock.t.toISOString() };
  const c = service.queries.getCase(caseId);
  for (const m of c.materials) {
    if (!m.applicable || skip.includes(m.name)) continue;
    if (m.def.elicenceType) {
      const l = held.find((x) => x.type === m.def.elicenceType && x.status === 'valid')!;
      service.setMaterialStatus(caseId, m.materialId, { kind: 'exempt-elicence', licence: { ...l }, authorisation: auth }, actor);
    } else if (m.def.datashareCheck) {
      service.setMaterialStatus(caseId, m.materialId, { kind: 'exempt-datashare', check: m.def.datashareCheck, result: 'pass', reference: 'JG-20260212-01', checkedAt: s.clock.t.toISOString() }, actor);
    } else if (m.def.commitmentAllowed) {
      const sig = service.recordSignature(caseId, signed('commitment', zhang, m.name), actor);
      service.setMaterialStatus(caseId, m.materialId, { kind: 'commitment', signatureId: sig }, actor);
    } else {
      const att = service.attachFile(caseId, m.materialId, { filePath: `/var/windowdesk/scans/${m.materialId}.pdf`, sha256: sha(m.materialId), mime: 'application/pdf', pages: 2 }, actor);
      service.setMaterialStatus(caseId, m.materialId, { kind: 'captured', attachmentIds: [att] }, actor);
    }
  }
}

/** A signature record as citizen.sign would write it (bound to a document, this workstation and the time). */
export function signed(purpose: 'commitment' | 'result-receipt', who: { name: string; idNumber?: string }, seed: string) {
  return {
    purpose, signerName: who.name, signerIdNumber: who.idNumber, signerRelation: 'applicant' as const, imageSha256: sha(`img:${seed}`),
    image: { width: 900, height: 300 }, document: { sha256: sha(`doc:${seed}`) }, deviceId: 'ws-test', time: { at: '2026-02-12T02:00:00.000Z', source: 'local' as const },
  };
}
