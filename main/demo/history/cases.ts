// The cases of a demo history, through the real CaseService: a draft for a served ticket, its
// materials checked the way a clerk would, accepted; instant items finish at the counter, the
// others are completed days later (some after their promised date) and their results handed out.
import { createHash } from 'node:crypto';
import type { Workstation } from '../../api/workstation';
import type { Rng } from '../../core/queue/sim/rng';
import applicants from '../../../resources/demo/applicants.json';

export interface Actor { staffId: string; counterId: string }

/** The demo catalog's items (a company-only item refuses a person at createDraft, which is counted). */
function personItems(ws: Workstation): { code: string; scenario: string; instant: boolean; limit: number }[] {
  const cat = ws.intake.catalogs.current();
  return cat.items.map((i) => ({ code: i.code, scenario: i.scenarios[0].code, instant: i.instant, limit: i.promisedLimitDays }));
}

export class HistoryCases {
  private readonly items: ReturnType<typeof personItems>;
  private pdf: { path: string; sha256: string } | null = null;
  failures = 0;
  lastFailure = '';

  constructor(private readonly ws: Workstation, private readonly rng: Rng) {
    this.items = personItems(ws);
  }

  private pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rng.next() * xs.length)];
  }

  private scan(): { path: string; sha256: string } {
    // One small page stands for every scanned material (the history is about counts and times, not pages).
    if (!this.pdf) {
      const bytes = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
      const f = this.ws.files.put(bytes, { kind: 'material-pdf', mime: 'application/pdf', source: 'demo-history' });
      this.pdf = { path: f.path, sha256: createHash('sha256').update(bytes).digest('hex') };
    }
    return this.pdf;
  }

  /** Takes an application for a served ticket; the case id, or null when the service refused (counted). */
  take(actor: Actor, ticket: { id: number; number: string }, itemCode: string | null): { id: string; instant: boolean; limit: number } | null {
    const item = this.items.find((i) => i.code === itemCode) ?? this.pick(this.items);
    const person = this.pick(applicants.persons);
    const svc = this.ws.intake.cases;
    try {
      const d = svc.createDraft({
        applicant: { type: 'person', name: person.name, idNumber: person.idNumber, phone: person.phone },
        itemCode: item.code, scenarioCode: item.scenario, catalogVersion: this.ws.intake.catalogs.current().version,
        ticket: { ref: `hub:${ticket.id}`, number: ticket.number },
      }, actor);
      for (const m of d.materials) {
        if (!m.applicable) continue;
        if (m.def.datashareCheck) {
          svc.setMaterialStatus(d.id, m.materialId, { kind: 'exempt-datashare', check: m.def.datashareCheck, result: 'pass', reference: `JG-${d.id.slice(0, 8)}`, checkedAt: new Date(this.ws.intake.now()).toISOString() }, actor);
        } else if (m.def.format !== 'electronic') {
          svc.setMaterialStatus(d.id, m.materialId, { kind: 'original-sighted' }, actor);
        } else {
          const f = this.scan();
          const att = svc.attachFile(d.id, m.materialId, { filePath: f.path, sha256: f.sha256, mime: 'application/pdf', pages: 1 }, actor);
          svc.setMaterialStatus(d.id, m.materialId, { kind: 'captured', attachmentIds: [att] }, actor);
        }
      }
      svc.accept(d.id, actor);
      if (item.instant) svc.issueResult(d.id, { method: 'pickup' }, actor);
      return { id: d.id, instant: item.instant, limit: item.limit };
    } catch (e) {
      this.failures++;
      this.lastFailure = (e as Error).message;
      return null;
    }
  }

  /** The back office decides; the result is handed out at a counter (or posted). */
  finish(caseId: string, actor: Actor): boolean {
    try {
      this.ws.intake.cases.complete(caseId, { decision: this.rng.next() < 0.95 ? 'approved' : 'denied', reason: '不符合许可条件（演示）' }, actor);
      this.ws.intake.cases.issueResult(caseId, this.rng.next() < 0.7 ? { method: 'pickup' } : { method: 'post', recipient: '申请人', phone: '13800000000', address: '上海市松江区演示路 1 号' }, actor);
      return true;
    } catch (e) {
      this.failures++;
      this.lastFailure = (e as Error).message;
      return false;
    }
  }
}
