export { CupsPrinter, listCupsPrinters, parseLpstatPrinters, parseLpstatJobs, jobStatusFrom, parseIppCsv, ippJobStatus, mediaFor, assertPdf, type CupsConfig, type CupsQueue } from './cups';
export { SimulatedPrinter } from './sim';
