// An appointment code as a citizen types it, a kiosk reads it or a WD-APPT slip carries it. One
// length for every wire: the barcode classifier (common/barcode/classify.ts), the workstation's
// contract and the hub's protocol all accept exactly these codes.
import { z } from 'zod';

export const APPOINTMENT_CODE_MIN = 4;
export const APPOINTMENT_CODE_MAX = 64;

export const appointmentCodeSchema = z.string().trim().min(APPOINTMENT_CODE_MIN).max(APPOINTMENT_CODE_MAX);
