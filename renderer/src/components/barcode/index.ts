/**
 * Barcode scanning for the pages.
 *
 *   useBarcodeScanner((scan) => {
 *     const r = routeScan(scan.payload);
 *     if (r.action === 'check-in') checkIn(r.appointmentCode);      // queue page: WD-APPT:… → 签到
 *     if (r.action === 'case-lookup') openProgress(r.caseNumber);   // intake page: WD-CASE:… → 进度查询
 *   });
 *
 * Keyboard-wedge scanners are detected in the page (typing is never taken for a scan; a scan
 * into a focused field is removed from it); HID-POS scanners arrive from the workstation.
 */
export { useBarcodeScanner, type BarcodeScannerOptions } from './useBarcodeScanner';
export { routeScan, type ScanEvent, type ScanRoute } from './route';
export { describeScan } from './describe';
