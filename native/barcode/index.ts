export { classifyBarcode, type ClassifyOptions } from './classify';
export { WedgeDetector, type WedgeKey, type WedgeOptions, type WedgeResult } from './wedge';
export { HidPosScanner, parseHidPosReport, decodeScanText, HID_POS_USAGE_PAGE, type HidPosChunk } from './hidpos';
export { SimulatedBarcodeScanner } from './sim';
