/**
 * Capture of material pages: scanner (flatbed / ADF batch), document camera, file import.
 *
 *   <CapturePanel label="身份证复印件" onPages={(refs) => attach(refs)} disabled={!caseId} />
 *
 * onPages receives FileRef[] (preload/contract/devices) of pages already stored by the host,
 * once per action; errors are shown inside the panel in Chinese and never reach the parent.
 */
export { CapturePanel, type CapturePanelProps } from './CapturePanel';
export { PageThumbs } from './PageThumbs';
export type { FileRef } from '../../../../preload/contract/devices';
