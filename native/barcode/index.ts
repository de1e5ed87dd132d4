export { classifyBarcode, type ClassifyOptions } from '../../common/barcode/classify';
export { WedgeDetector, type WedgeKey, type WedgeOptions, type WedgeResult } from '../../common/barcode/wedge';
export { HidPosScanner, parseHidPosReport, decodeScanText, HID_POS_USAGE_PAGE, type HidPosChunk } from './hidpos';
export { SimulatedBarcodeScanner } from './sim';
