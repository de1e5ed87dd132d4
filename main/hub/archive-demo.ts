import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { AuditLog, fileAuditKey } from '../core/audit';
import { CatalogStore } from '../core/catalog';
import { CaseService } from '../core/cases';
import { createDemoElicenceLibrary } from '../core/elicence';
import { FileStore } from '../core/files';
import { renderPdf } from '../core/notices';
import { ArchiveJobs } from '../core/archive/jobs';
import { checkArchive, type CheckReport } from '../core/archive/checks';
import { openDatabase, type Db } from '../db/connection';
import { KeyRing } from '../db/keys/keyring';
import { workstationMigrations } from '../db/migrations';
import { hallDay } from '../../common/hall-time';
import catalogJson from '../../resources/catalog/demo-catalog.json';
import applicants from '../../resources/demo/applicants.json';
import type { ArchiveReceipt } from '../../common/archive-protocol';
import { HubClient } from './client';
import { startHub } from './index';
import { enrolWithRunningHub } from './trust/self-enrol';

export interface ArchiveDemoResult {
  caseNumber: string;
  state: string;
  receipt: ArchiveReceipt;
  /** The bag the hub stored, copied to `out`, checked again there. */
  out: string;
  check: CheckReport;
}

/** A scanned page as the document camera gives it: grey paper with some texture. */
async function scannedPage(seed: number): Promise<Buffer> {
  const [w, h] = [620, 877];
  const raw = Buffer.alloc(w * h);
  for (let i = 0; i < raw.length; i++) raw[i] = 200 + ((i * 7 + seed * 13) % 40);
  return sharp(raw, { raw: { width: w, height: h, channels: 1 } }).png().toBuffer();
}

export interface DemoWorkstation {
  db: Db;
  cases: CaseService;
  files: FileStore;
  audit: AuditLog;
  catalogs: CatalogStore;
}

/** A workstation's services on `dir` as the boot builds them: encrypted database and files, keyed audit log, demo catalog. */
export function openDemoWorkstation(dir: string, now?: () => Date): DemoWorkstation {
  const keys = KeyRing.generate();
  const db = openDatabase({ dataDir: dir, migrations: workstationMigrations, key: keys.databaseKey('workstation') });
  const audit = new AuditLog(db, fileAuditKey(dir), { now });
  const files = new FileStore(db, dir, keys);
  const catalogs = new CatalogStore();
  catalogs.add(catalogJson);
  const cases = new CaseService({ db, catalogs, hallCode: 'SJ01', now });
  db.prepare(`INSERT INTO staff (id, staff_no, name, role, password_hash, created_at) VALUES ('S001', '1001', '李明', 'clerk', '!', ?)`).run(new Date().toISOString());
  audit.record({ actorStaffId: 'S001', action: 'auth.login', outcome: 'ok' });
  return { db, cases, files, audit, catalogs };
}

/** A 渣土运输 新办 draft for 张伟's company, 张伟 at the counter as its legal representative. */
export function demoDraft(cases: CaseService) {
  const zhang = applicants.persons.find((p) => p.name === '张伟')!;
  const company = applicants.companies.find((c) => c.legalRepresentative === '张伟')!;
  const draft = cases.createDraft({
    applicant: { type: 'company', name: company.name, creditCode: company.creditCode, legalRepresentative: zhang.name, phone: zhang.phone },
    agent: { name: zhang.name, idNumber: zhang.idNumber, relation: 'legal-representative' },
    itemCode: 'SLH-XK-0001', scenarioCode: 'XB', catalogVersion: 'demo-2026.1',
  }, { staffId: 'S001', counterId: 'C03' });
  return { draft, zhang, company };
}

/**
 * A 渣土运输 新办 case taken from draft to result-issued the way a clerk does it: e-licences and
 * data-sharing checks where the catalog allows, a signed commitment, scanned pages for the rest,
 * an acceptance notice. Returns the case id.
 */
export async function issuedDemoCase(ws: Pick<DemoWorkstation, 'cases' | 'files'>, log: (line: string) => void = () => {}): Promise<string> {
  const { cases, files } = ws;
  const actor = { staffId: 'S001', counterId: 'C03' };

  const { draft, zhang, company } = demoDraft(cases);
  log(`收件：${draft.itemName}（${draft.scenarioName}），申请人 ${company.name}`);

  const held = await createDemoElicenceLibrary(() => hallDay(new Date())).lookup({ creditCode: company.creditCode });
  let page = 0;
  for (const m of draft.materials) {
    if (!m.applicable) continue;
    const now = new Date().toISOString();
    if (m.def.elicenceType) {
      const l = held.find((x) => x.type === m.def.elicenceType && x.status === 'valid')!;
      cases.setMaterialStatus(draft.id, m.materialId, { kind: 'exempt-elicence', licence: { ...l }, authorisation: { by: zhang.name, method: 'signature-pad', at: now } }, actor);
    } else if (m.def.datashareCheck) {
      cases.setMaterialStatus(draft.id, m.materialId, { kind: 'exempt-datashare', check: m.def.datashareCheck, result: 'pass', reference: 'JG-DEMO-01', checkedAt: now }, actor);
    } else if (m.def.commitmentAllowed) {
      const img = files.put(await scannedPage(99), { kind: 'signature', mime: 'image/png' });
      const sig = cases.recordSignature(draft.id, {
        purpose: 'commitment', signerName: zhang.name, signerIdNumber: zhang.idNumber, signerRelation: 'legal-representative', imagePath: img.path, imageSha256: img.sha256,
        image: { width: 620, height: 877 }, document: { sha256: createHash('sha256').update(m.name).digest('hex') }, deviceId: 'ws-demo', time: { at: now, source: 'local' },
      }, actor);
      cases.setMaterialStatus(draft.id, m.materialId, { kind: 'commitment', signatureId: sig }, actor);
    } else {
      const scan = files.put(await scannedPage(++page), { kind: 'capture', mime: 'image/png', source: 'demo-camera' });
      const att = cases.attachFile(draft.id, m.materialId, { filePath: scan.path, sha256: scan.sha256, mime: 'image/png', pages: 1 }, actor);
      cases.setMaterialStatus(draft.id, m.materialId, { kind: 'captured', attachmentIds: [att] }, actor);
    }
  }
  const accepted = cases.accept(draft.id, actor);
  const notice = await renderPdf({ content: [{ text: '受理通知书', fontSize: 18, bold: true }, `办件编号：${accepted.caseNumber}`, `申请人：${company.name}`] });
  files.put(notice, { kind: 'notice', mime: 'application/pdf', source: `acceptance:${accepted.caseNumber}` });
  cases.complete(draft.id, { decision: 'approved' }, actor);
  cases.issueResult(draft.id, { method: 'pickup' }, actor);
  log(`受理、办结、出件：${accepted.caseNumber}（${page} 页扫描件）`);
  return draft.id;
}

/**
 * `npm run archive -- demo --out DIR`: a 渣土运输 case taken from draft to archived through the
 * real services — CaseService on an encrypted workstation database, the encrypted FileStore, the
 * keyed audit log, ArchiveJobs — and a real hall hub over HTTPS with an enrolled workstation
 * certificate; the bag the hub stored is copied to `out`.
 */
export async function runArchiveDemo(out: string, log: (line: string) => void = () => {}): Promise<ArchiveDemoResult> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'wd-archive-demo-'));
  const wsDir = path.join(work, 'workstation');
  const hub = await startHub({ port: 0, dataDir: path.join(work, 'hub'), secure: true, demo: false });
  try {
    const counters = hub.hub.queue.hall.counters.map((c) => c.number);
    const credential = await enrolWithRunningHub(hub, wsDir, { role: 'workstation', counters, name: '归档演示工作站' });
    log(`大厅服务 ${hub.url}，工作站已登记（设备证书）`);
    const client = new HubClient({ url: hub.url, credential, timeoutMs: 60_000 });

    const ws = openDemoWorkstation(wsDir);
    const { db, cases, files, audit, catalogs } = ws;
    const caseId = await issuedDemoCase(ws, log);
    const caseNumber = cases.queries.getCase(caseId).caseNumber!;

    const jobs = new ArchiveJobs({
      db, cases, catalogs, files, audit, hallName: () => hub.hub.queue.hall.name, dataDir: wsDir, workstationId: () => credential.claims.deviceId,
      send: (caseNumber, body) => client.call('archiveReceive', { params: { caseNumber }, body }), graceDays: () => 30,
    });
    // The hook the result-issued transition calls (ArchiveJobs.enqueue), then one run of the job.
    jobs.enqueue(caseId);
    await jobs.runDue();
    const job = jobs.job(caseId)!;
    if (job.status !== 'archived' || !job.receipt) throw new Error(`归档未完成：${job.status} ${job.lastError ?? ''}`);
    const state = cases.queries.getCase(caseId).state;
    log(`大厅服务回执：${job.receipt.receivedAt}，信息包 SHA-256 ${job.receipt.bagSha256}；办件状态 ${state}`);

    fs.rmSync(out, { recursive: true, force: true });
    fs.cpSync(hub.archive!.bagDir(caseNumber), out, { recursive: true });
    db.close();
    return { caseNumber, state, receipt: job.receipt, out, check: checkArchive(out, { stage: 'YJ' }) };
  } finally {
    await hub.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}
