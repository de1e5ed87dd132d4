export { HidPosScanner, parseHidPosReport, decodeScanText, HID_POS_USAGE_PAGE, type HidPosChunk } from './hidpos';
export { SimulatedBarcodeScanner } from './sim';
