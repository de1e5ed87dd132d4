export { CupsPrinter, listCupsPrinters, parseLpstatPrinters, parseLpstatJobs, jobStatusFrom, mediaFor, assertPdf, type CupsConfig, type CupsQueue } from './cups';
export { SimulatedPrinter } from './sim';
