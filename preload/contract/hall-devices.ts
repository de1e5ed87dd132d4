import { z } from 'zod';
import { EnrolCode, EnrolCodeRequest, HallDevice } from '../../common/hall-devices';
import { call } from './define';

const SUPERVISORS = ['supervisor', 'admin'] as const;

/** 设置 → 大厅设备: the hub's enrolled devices, managed by a supervisor or administrator the hub verified. */
export const hallDevicesCalls = {
  'hallDevices.list': call({ input: z.object({}).strict(), output: z.array(HallDevice), access: SUPERVISORS }),
  /** A one-time code for a new workstation, kiosk or hall TV (shown once; the hub keeps only its hash). */
  'hallDevices.code': call({ input: EnrolCodeRequest, output: EnrolCode, access: SUPERVISORS, audited: true }),
  /** Refused at once on the device's next request (an open TV push socket is closed within a second). */
  'hallDevices.revoke': call({
    input: z.object({ id: z.string().min(1).max(40), reason: z.string().trim().min(1, '请填写撤销原因').max(200) }).strict(),
    output: HallDevice,
    access: SUPERVISORS,
    audited: true,
  }),
};
