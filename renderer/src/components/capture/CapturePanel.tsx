import { lazy, Suspense, useId, useRef, useState } from 'react';
import type { FileRef } from '../../../../preload/contract/devices';
import { call } from '../../api/client';
import { errorText, t } from '../../i18n';
import { bytesToBase64, MAX_IMPORT_BYTES, sniffMime } from './fileData';
import { PageThumbs } from './PageThumbs';

export interface CapturePanelProps {
  /** Called once per capture action (one import, one scan batch, one camera session) with the stored pages. */
  onPages(pages: FileRef[]): void;
  disabled?: boolean;
  /** What is being captured, e.g. the material's name; used as the panel's accessible name. */
  label: string;
}

type Busy = null | 'scan' | 'import';

// The camera dialog pulls in OpenCV; load it only when someone opens it.
const CameraDialog = lazy(() => import('../camera/CameraDialog'));

/**
 * Pages for one material from the scanner (flatbed or ADF batch), the document camera or a file.
 * Every page is stored by the host first; the parent only ever receives file refs.
 */
export function CapturePanel({ onPages, disabled, label }: CapturePanelProps) {
  const [pages, setPages] = useState<FileRef[]>([]);
  const [busy, setBusy] = useState<Busy>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const [camera, setCamera] = useState(false);
  const [source, setSource] = useState<'flatbed' | 'adf'>('flatbed');
  const fileInput = useRef<HTMLInputElement>(null);
  const sourceId = useId();
  const off = disabled || busy !== null;

  function added(refs: FileRef[]) {
    if (refs.length === 0) return;
    setPages((p) => [...p, ...refs]);
    onPages(refs);
  }

  async function scan() {
    setBusy('scan');
    setError(null);
    setNote(null);
    try {
      const r = await call('devices.scan', { source, resolution: 200, mode: 'gray', maxPages: source === 'adf' ? 50 : 1 });
      if (!r.ok) return setError(errorText(r.error));
      added(r.value.pages);
      setNote(t('devices.capture.pages', { n: r.value.pages.length }) + (r.value.simulated ? t('devices.capture.simulated') : ''));
    } finally {
      setBusy(null);
    }
  }

  async function importFiles(files: FileList | null) {
    if (!files || files.length === 0) return;
    setBusy('import');
    setError(null);
    setNote(null);
    const refs: FileRef[] = [];
    try {
      for (const file of Array.from(files)) {
        if (file.size > MAX_IMPORT_BYTES) { setError(t('devices.capture.tooLarge', { name: file.name })); break; }
        let bytes: Uint8Array;
        try { bytes = new Uint8Array(await file.arrayBuffer()); } catch { setError(t('devices.capture.readFailed', { name: file.name })); break; }
        const mime = sniffMime(bytes);
        if (!mime) { setError(t('devices.capture.badType', { name: file.name })); break; }
        const r = await call('devices.uploadCapture', { dataBase64: bytesToBase64(bytes), mime, source: 'import' });
        if (!r.ok) { setError(errorText(r.error)); break; }
        refs.push(r.value);
      }
    } finally {
      // Pages stored before a failure are kept and reported, so nothing is imported twice on retry.
      added(refs);
      if (refs.length) setNote(t('devices.capture.pages', { n: refs.length }));
      setBusy(null);
      if (fileInput.current) fileInput.current.value = '';
    }
  }

  return (
    <section className="capture-panel" aria-label={label}>
      <div className="capture-actions">
        <label htmlFor={sourceId}>{t('devices.capture.source')}</label>
        <select id={sourceId} value={source} disabled={off} onChange={(e) => setSource(e.target.value as 'flatbed' | 'adf')}>
          <option value="flatbed">{t('devices.capture.flatbed')}</option>
          <option value="adf">{t('devices.capture.adf')}</option>
        </select>
        <button type="button" disabled={off} onClick={() => void scan()}>{t('devices.capture.scan')}</button>
        <button type="button" disabled={off || camera} onClick={() => setCamera(true)}>{t('devices.capture.camera')}</button>
        <button type="button" disabled={off} onClick={() => fileInput.current?.click()}>{t('devices.capture.import')}</button>
        <input ref={fileInput} type="file" hidden multiple accept="image/png,image/jpeg,application/pdf,.png,.jpg,.jpeg,.pdf"
          aria-label={t('devices.capture.import')} onChange={(e) => void importFiles(e.target.files)} />
      </div>
      {busy && <p role="status">{busy === 'scan' ? t('devices.capture.scanning') : t('devices.capture.uploading')}</p>}
      {!busy && note && <p role="status">{note}</p>}
      {error && <p role="alert" className="error">{error}</p>}
      <PageThumbs pages={pages} />
      {camera && (
        <Suspense fallback={<p role="status">{t('devices.camera.loading')}</p>}>
          <CameraDialog onClose={(refs) => { setCamera(false); added(refs); if (refs.length) setNote(t('devices.capture.pages', { n: refs.length })); }} />
        </Suspense>
      )}
    </section>
  );
}
