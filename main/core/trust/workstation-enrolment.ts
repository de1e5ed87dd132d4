/**
 * This workstation's enrolment with a remote hall hub, as the administrator does it from the
 * settings page: the hub's address and the one-time code the hub's administrator made
 * (`npm run hub -- enrol-code …`). The credential is stored in `<data>/device/` and handed to the
 * live hub link at once when it talks to that same hub address; a new address needs a restart
 * (the link is built for one address at start-up).
 */
import { DeskError } from '../../../common/errors';
import { enrolDevice, loadCredential, type DeviceCredential } from './device';
import { networkEnrolTransport } from './transport';

export interface EnrolmentStatus {
  hubUrl: string | null;
  mode: 'embedded' | 'remote' | 'none';
  /** A remote hub and no credential: the hub refuses this machine until it is enrolled. */
  needsEnrolment: boolean;
  device: { id: string; role: string; counters: number[] } | null;
  /** Enrolled since this start for a hub address the live link does not use: it takes effect after a restart. */
  restartRequired: boolean;
}

export class WorkstationEnrolment {
  private enrolledNow = false;

  constructor(
    private readonly deps: {
      dataDir: string;
      hubUrl(): string | null;
      hubMode(): 'embedded' | 'remote' | 'none';
      /** The credential the hub link was built with (null: none). */
      inUse: DeviceCredential | null;
      saveHubUrl(url: string): void;
      /** The hub address the live link was built for (null: none), and how to hand it a new credential. */
      liveUrl?: string | null;
      useCredential?(cred: DeviceCredential): void;
    },
  ) {}

  status(): EnrolmentStatus {
    const cred = this.deps.dataDir === ':memory:' ? this.deps.inUse : loadCredential(this.deps.dataDir) ?? this.deps.inUse;
    const mode = this.deps.hubMode();
    return {
      hubUrl: this.deps.hubUrl(),
      mode,
      needsEnrolment: mode === 'remote' && !cred,
      device: cred ? { id: cred.claims.deviceId, role: cred.claims.role, counters: cred.claims.counters } : null,
      restartRequired: this.enrolledNow,
    };
  }

  /**
   * The kiosk enrolling itself from its own screen (no staff session there): only while this
   * machine holds no credential (afterwards only an administrator re-enrols it, from 设置), only
   * with a code made for a kiosk, and to the hub address already configured when there is one
   * (a passer-by cannot point the kiosk at another hub).
   */
  async enrolKiosk(hubUrl: string | null, code: string): Promise<EnrolmentStatus> {
    const have = this.status();
    if (have.device) throw new DeskError('ALREADY_ENROLLED', '本机已登记到大厅服务；如需重新登记，请管理员在“设置 → 大厅服务登记”中操作。');
    const url = this.deps.hubUrl() ?? hubUrl;
    if (!url) throw new DeskError('INVALID_INPUT', '请填写大厅服务地址（如 https://192.168.1.10:7300）。');
    return this.enrol(url, code, 'kiosk');
  }

  async enrol(hubUrl: string, code: string, role?: 'kiosk'): Promise<EnrolmentStatus> {
    if (this.deps.dataDir === ':memory:') throw new DeskError('INVALID_INPUT', '本机未使用数据目录，无法保存设备证书。');
    if (this.deps.hubMode() === 'embedded') throw new DeskError('INVALID_INPUT', '本机运行内置大厅服务，已自动登记，无需登记码。');
    const url = hubUrl.trim().replace(/\/+$/, '');
    if (!/^https:\/\/[A-Za-z0-9.[\]:-]+(:\d{1,5})?$/.test(url)) {
      throw new DeskError('INVALID_INPUT', '大厅服务地址应形如 https://192.168.1.10:7300（须为 https）。');
    }
    const cred = await enrolDevice(this.deps.dataDir, code, networkEnrolTransport(url), role ? { role } : undefined);
    this.deps.saveHubUrl(url);
    const live = !!this.deps.useCredential && this.deps.liveUrl?.replace(/\/+$/, '') === url;
    if (live) this.deps.useCredential!(cred);
    this.enrolledNow = this.enrolledNow || !live;
    return this.status();
  }
}
