import { HubClient } from '../../hub/client';
import { STAFF_ASSERTION_HEADER, STAFF_HEADER, STAFF_ROLE_HEADER, WORKSTATION_HEADER, type ViewSubscription } from '../../hub/protocol';
import { HubStaffAssertions } from './hub-staff';
import { claimsOfCert } from '../../core/trust/device';
import type { TlsCredential } from '../../core/trust/transport';
import type { CitizenDisplay } from '../../core/citizen';
import type { EventBus } from '../../core/events';
import type { HallService } from '../../core/hall/service';
import { HubLink } from '../../core/queue/link';
import { OfflineStore } from '../../core/queue/offline-store';
import { QueueService } from '../../core/queue/service';
import { SlipService } from '../../core/slip';
import type { SettingsStore } from '../../core/settings';
import type { HubReachability } from '../../core/status';
import { createSlipPrinter, parseSlipPrinterSetting, SimulatedSlipPrinter, type SlipPrinter } from '../../../native/slip';
import type { Db } from '../../db/connection';
import type { Logger } from '../logger';
import type { Lifecycle } from './deps';

/** What the queue domain is built from: nothing else of the workstation reaches it. */
export interface QueueDeps extends Lifecycle {
  /** The offline store and the open sessions (whose counters' views are wanted) live in it. */
  db: Db;
  /** The hall hub's address; null when there is none (the counters work offline only). */
  hubUrl: string | null;
  /** This machine's device credential (an https hub requires it). */
  hubCredential?: TlsCredential | null;
  /** Counters by id and number, and the hub's counter list written back into it. */
  hall: HallService;
  citizen: CitizenDisplay;
  bus: EventBus;
  log: Logger;
  /** Push the status bar again after the hub link or the backlog changed. */
  publishStatus(): void;
  /** `slipPrinter` and `deviceMode` choose the slip printer (read at each print). */
  settings: Pick<SettingsStore, 'get'>;
  /** Where the simulated slip printer leaves its slips (null: memory only). */
  slipDir: string | null;
  /** The embedded hub's supervisor registry: the workstation's own supervisor accounts are registered there before a check. */
  embeddedHubStaff?: { register(s: { staffNo: string; name: string; passwordHash: string; active?: boolean }): Promise<void> } | null;
}

/** The queue domain's services as its handlers reach them (ctx.queue). Built once per workstation. */
export interface QueueDomain {
  service: QueueService;
  /** The signed-in supervisor for the hub's supervisor routes, with the assertion the hub issued at sign-in ({} when none). */
  supervisorHeaders(): Record<string, string>;
  link: HubLink;
  store: OfflineStore;
  /** The hub link's reachability: the status bar's one notion of "hub reachable". */
  reachability(): HubReachability;
  /** Prints the walk-in ticket slip on the printer the settings choose. */
  slips: SlipService;
  /** The simulated slip printer (demo, tests): what it "printed". */
  simulatedSlips: SimulatedSlipPrinter;
  /** The supervisors signed in here as the hub verified them (their assertions). */
  staffAssertions: HubStaffAssertions;
  /** A new device credential (enrolment from the settings page) used from the next request on. */
  useCredential(cred: TlsCredential): boolean;
  /** The hub client the link uses (null without a hub): other domains' hub routes go through it. */
  client: HubClient | null;
}

/** Sessions older than a working day no longer keep a subscription alive (a panel closed without logging out). */
const SESSION_HORIZON_MS = 12 * 3600_000;

export function createQueueDomain(deps: QueueDeps): QueueDomain {
  const store = new OfflineStore(deps.db);
  const url = deps.hubUrl;
  // The client tells the link which views version each answer's change is pushed in (read-your-writes).
  const client = url
    ? new HubClient({ url, timeoutMs: 3000, credential: deps.hubCredential ?? null, onViewsVersion: (v) => link.owe(v), headers: () => ({ [WORKSTATION_HEADER]: link.workstationId, ...supervisorHeaders() }) })
    : null;
  deps.onClose(() => client?.close());
  const link: HubLink = new HubLink(client, store, url);
  let role = deps.hubCredential ? claimsOfCert(deps.hubCredential.certPem)?.role ?? null : null;
  link.kioskOnly = () => role === 'kiosk';
  const openSessions = deps.db.prepare(`SELECT s.counter_id AS counterId, st.role AS role, st.name AS name, st.staff_no AS staffNo FROM sessions s JOIN staff st ON st.id = s.staff_id
    WHERE s.ended_at IS NULL AND s.created_at >= ? ORDER BY s.created_at`);
  // The views this workstation needs: the panels of the counters signed in here, the board while a supervisor is.
  const interest = (): ViewSubscription => {
    const rows = openSessions.all(new Date(Date.now() - SESSION_HORIZON_MS).toISOString()) as { counterId: string | null; role: string; name: string; staffNo: string }[];
    // Who is signed in at each counter (the latest session wins), so the hub's board can name them.
    const staff = new Map<number, { counter: number; name: string; staffNo: string }>();
    for (const r of rows) {
      const n = r.counterId ? deps.hall.counter(r.counterId)?.number : undefined;
      if (n !== undefined) staff.set(n, { counter: n, name: r.name, staffNo: r.staffNo });
    }
    return { counters: [...staff.keys()], supervisor: rows.some((r) => r.role === 'supervisor' || r.role === 'admin'), staff: [...staff.values()] };
  };
  /**
   * The supervisor signed in here, forwarded for the hub's supervisor actions with the assertion
   * the hub issued at their sign-in (the name and role are for the hub's audit; the hub trusts only
   * the assertion, trust/access.ts).
   */
  const supervisorsOn = deps.db.prepare(`SELECT s.id AS sessionId, st.staff_no AS staffNo FROM sessions s JOIN staff st ON st.id = s.staff_id
    WHERE s.ended_at IS NULL AND s.created_at >= ? AND st.role IN ('supervisor', 'admin') ORDER BY s.created_at DESC`);
  const supervisorHeaders = (): Record<string, string> => {
    const rows = supervisorsOn.all(new Date(Date.now() - SESSION_HORIZON_MS).toISOString()) as { sessionId: string; staffNo: string }[];
    // The newest supervisor session the hub verified; else the newest one, unverified (the hub refuses it).
    const r = rows.find((x) => staffAssertions.assertionOf(x.sessionId)) ?? rows[0];
    if (!r) return {};
    const assertion = staffAssertions.assertionOf(r.sessionId);
    return { [STAFF_HEADER]: r.staffNo, [STAFF_ROLE_HEADER]: 'supervisor', ...(assertion ? { [STAFF_ASSERTION_HEADER]: assertion } : {}) };
  };
  const isOpen = deps.db.prepare('SELECT 1 FROM sessions WHERE id = ? AND ended_at IS NULL');
  const supervisorAccount = deps.db.prepare(`SELECT staff_no AS staffNo, name, password_hash AS passwordHash, active FROM staff WHERE staff_no = ? AND role IN ('supervisor', 'admin')`);
  const embedded = deps.embeddedHubStaff ?? null;
  // The hub in this process knows this workstation's supervisors from the start (and again at each sign-in, for a changed password).
  if (embedded) {
    const all = deps.db.prepare(`SELECT staff_no AS staffNo, name, password_hash AS passwordHash, active FROM staff WHERE role IN ('supervisor', 'admin')`).all() as { staffNo: string; name: string; passwordHash: string; active: number }[];
    for (const a of all) {
      void embedded.register({ staffNo: a.staffNo, name: a.name, passwordHash: a.passwordHash, active: a.active === 1 })
        .catch((e: Error) => deps.log.error(`大厅服务未能登记值班主任 ${a.staffNo}：${e.message}`));
    }
  }
  const staffAssertions = new HubStaffAssertions({
    client,
    log: deps.log,
    isOpen: (id) => isOpen.get(id) !== undefined,
    beforeAssert: embedded
      ? async (staffNo) => {
          const a = supervisorAccount.get(staffNo) as { staffNo: string; name: string; passwordHash: string; active: number } | undefined;
          if (a) await embedded.register({ staffNo: a.staffNo, name: a.name, passwordHash: a.passwordHash, active: a.active === 1 });
        }
      : undefined,
  });
  const service = new QueueService(link, store, {
    bus: deps.bus, hall: deps.hall, citizen: deps.citizen, interest, publishStatus: () => deps.publishStatus(), log: deps.log,
  });
  link.start();
  const simulatedSlips = new SimulatedSlipPrinter(deps.slipDir);
  const slipPrinter = (): SlipPrinter | null => {
    const set = deps.settings.get('slipPrinter');
    // Unset: the demo's simulated devices get the simulated slip printer, real devices none until chosen.
    const choice = parseSlipPrinterSetting(set ?? (deps.settings.get('deviceMode') === 'simulated' ? 'simulated' : 'none'));
    return createSlipPrinter(choice, { simulated: simulatedSlips });
  };
  const slips = new SlipService({ printer: slipPrinter, log: deps.log });
  // A session ended (logout) drops its counter from the subscription within 10 s, which the hub's
  // board shows as 未登录 (one local query per tick; the hub hears only of a change). A new
  // session is added at once, when its panel asks.
  const timer = setInterval(() => {
    void link.want(interest()).catch(() => {});
    void staffAssertions.renewDue();
  }, 10_000);
  timer.unref();
  deps.onClose(async () => {
    clearInterval(timer);
    await link.close();
  });
  return {
    supervisorHeaders,
    service,
    link,
    store,
    reachability: () => ({ reachable: link.online, checkedAt: link.checkedAt, error: link.lastError }),
    slips,
    simulatedSlips,
    staffAssertions,
    useCredential: (cred) => {
      role = claimsOfCert(cred.certPem)?.role ?? null;
      return client?.useCredential(cred) ?? false;
    },
    client,
  };
}
