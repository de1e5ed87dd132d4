export { SaneScanner, listSaneDevices, listSaneOptions, parseDeviceList, parseOptions, mapSaneError, type SaneDevice, type SaneOption, type SaneConfig } from './sane';
export { Naps2Scanner, listNaps2Devices, type Naps2Config } from './naps2';
export { SimulatedScanner, renderPage } from './sim';
export { run, type RunResult, type RunOptions } from './exec';
