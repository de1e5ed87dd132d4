export { assembleMaterialPdf, writeMaterialPdf, isAchromatic, type AssembleOptions, type AssembledPdf, type AssembledPage, type PageColour } from './assemble';
