import { t } from '../../i18n';
import type { ScanEvent } from './route';

/** A one-line Chinese description of a scan for status lines and the device test. */
export function describeScan(scan: ScanEvent): string {
  const p = scan.payload;
  const what = p.kind === 'appointment' ? t('devices.barcode.appointment', { code: p.code })
    : p.kind === 'case' ? t('devices.barcode.case', { no: p.caseNumber })
    : p.kind === 'elicence' ? t('devices.barcode.elicence', { id: p.licenceId })
    : t('devices.barcode.unknown', { raw: p.raw.slice(0, 64) });
  return `${what}（${t(`devices.barcode.source.${scan.source}`)}）`;
}
