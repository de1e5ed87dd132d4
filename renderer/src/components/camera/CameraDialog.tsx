import { useEffect, useRef, useState } from 'react';
import type { FileRef } from '../../../../preload/contract/devices';
import { call } from '../../api/client';
import { errorText, t } from '../../i18n';
import { blobToBase64 } from '../capture/fileData';
import { loadDocScanner, type DocScanner } from './docScanner';
import { listCameras, openCamera, preferredCamera, stopStream, takeStill, type CameraChoice } from './media';
import { canvasToJpeg, composeIdCard, finishPage } from './pageImage';

type Mode = 'doc' | 'idcard';
interface Shot { raw: HTMLCanvasElement; cropped: HTMLCanvasElement | null; preview: string }

export interface CameraDialogProps {
  /** Every page stored in this session, delivered once when the dialog closes (完成 or 关闭). */
  onClose(pages: FileRef[]): void;
}

/**
 * The 高拍仪 dialog: live preview, still at the camera's best resolution, automatic crop and
 * deskew (jscanify on OpenCV, loaded when the dialog opens), several pages in a row, and an ID
 * card's two sides composed onto one page. Each accepted page is uploaded at once (source 'camera').
 */
export default function CameraDialog({ onClose }: CameraDialogProps) {
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const [cams, setCams] = useState<CameraChoice[]>([]);
  const [camId, setCamId] = useState<string>('');
  const [resolution, setResolution] = useState<string>('');
  const [scanner, setScanner] = useState<DocScanner | null>(null);
  const [scannerState, setScannerState] = useState<string | null>(t('devices.camera.loading'));
  const [mode, setMode] = useState<Mode>('doc');
  const [gray, setGray] = useState(true);
  const [shot, setShot] = useState<Shot | null>(null);
  const [front, setFront] = useState<HTMLCanvasElement | null>(null);
  const [pages, setPages] = useState<FileRef[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(t('devices.camera.starting'));

  useEffect(() => {
    let live = true;
    loadDocScanner().then(
      (s) => { if (live) { setScanner(s); setScannerState(null); } },
      (e: Error) => { if (live) setScannerState(t('devices.camera.cropFailed', { reason: e.message })); },
    );
    return () => { live = false; };
  }, []);

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const s = await openCamera(camId || undefined);
        if (!live) return stopStream(s);
        stopStream(stream.current);
        stream.current = s;
        if (video.current) { video.current.srcObject = s; await video.current.play().catch(() => undefined); }
        const settings = s.getVideoTracks()[0]?.getSettings();
        setResolution(settings?.width ? t('devices.camera.resolution', { w: settings.width, h: settings.height ?? 0 }) : '');
        const found = await listCameras();
        if (!live) return;
        setCams(found);
        if (!camId) setCamId(s.getVideoTracks()[0]?.getSettings().deviceId ?? preferredCamera(found)?.deviceId ?? '');
        setNote(null);
        setError(null);
      } catch (e) {
        if (!live) return;
        const name = (e as DOMException).name;
        setError(name === 'NotFoundError' || name === 'OverconstrainedError' ? t('devices.camera.noCamera') : t('devices.camera.denied', { reason: (e as Error).message || name }));
        setNote(null);
      }
    })();
    return () => { live = false; };
  }, [camId]);

  useEffect(() => () => stopStream(stream.current), []);

  async function shoot() {
    if (!stream.current || !video.current) return;
    setBusy(true);
    setError(null);
    try {
      const raw = await takeStill(stream.current, video.current);
      // A crop that fails or times out in the OpenCV frame falls back to the whole still.
      const cropped = scanner ? (await scanner.extract(raw).catch(() => null))?.page ?? null : null;
      const shown = finishPage(cropped ?? raw, gray);
      setShot({ raw, cropped, preview: shown.toDataURL('image/jpeg', 0.7) });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  async function upload(page: HTMLCanvasElement): Promise<boolean> {
    const blob = await canvasToJpeg(page);
    const r = await call('devices.uploadCapture', { dataBase64: await blobToBase64(blob), mime: 'image/jpeg', source: 'camera' });
    if (!r.ok) { setError(errorText(r.error)); return false; }
    setPages((p) => [...p, r.value]);
    return true;
  }

  async function accept(useCrop: boolean) {
    if (!shot) return;
    setBusy(true);
    try {
      const side = finishPage(useCrop && shot.cropped ? shot.cropped : shot.raw, gray);
      if (mode === 'idcard' && !front) {
        setFront(side);
        setNote(t('devices.camera.idFrontTaken'));
      } else if (mode === 'idcard' && front) {
        if (await upload(composeIdCard(front, side))) { setFront(null); setNote(t('devices.camera.idComposed')); }
      } else if (await upload(side)) {
        setNote(null);
      }
      setShot(null);
    } finally {
      setBusy(false);
    }
  }

  function close() {
    stopStream(stream.current);
    onClose(pages);
  }

  const step = mode === 'idcard' ? (front ? t('devices.camera.modeIdBack') : t('devices.camera.modeIdFront')) : null;
  return (
    <div className="camera-backdrop">
      <div className="camera-dialog" role="dialog" aria-modal="true" aria-label={t('devices.camera.title')}
        onKeyDown={(e) => { if (e.key === 'Escape') close(); }}>
        <header className="camera-bar">
          <h2>{t('devices.camera.title')}{step ? ` · ${step}` : ''}</h2>
          <label>{t('devices.camera.choose')}
            <select value={camId} onChange={(e) => setCamId(e.target.value)} disabled={busy}>
              {cams.map((c) => <option key={c.deviceId} value={c.deviceId}>{c.label}</option>)}
            </select>
          </label>
          <label>{t('devices.camera.mode')}
            <select value={mode} disabled={busy || front !== null} onChange={(e) => setMode(e.target.value as Mode)}>
              <option value="doc">{t('devices.camera.modeDoc')}</option>
              <option value="idcard">{t('devices.camera.modeIdFront')} + {t('devices.camera.modeIdBack')}</option>
            </select>
          </label>
          <label>{t('devices.camera.color')}
            <select value={gray ? 'gray' : 'color'} disabled={busy} onChange={(e) => setGray(e.target.value === 'gray')}>
              <option value="gray">{t('devices.camera.gray')}</option>
              <option value="color">{t('devices.camera.colorful')}</option>
            </select>
          </label>
          <span className="muted">{resolution}</span>
        </header>
        <div className="camera-stage">
          <video ref={video} muted playsInline aria-label={t('devices.camera.title')} hidden={shot !== null} />
          {shot && <img src={shot.preview} alt={t('devices.camera.accept')} />}
        </div>
        {scannerState && <p role="status" className="muted">{scannerState}</p>}
        {shot && scanner && <p role="status" data-crop={shot.cropped ? 'cropped' : 'none'}>{shot.cropped ? t('devices.camera.cropped') : t('devices.camera.noPage')}</p>}
        {note && !shot && <p role="status">{note}</p>}
        {error && <p role="alert" className="error">{error}</p>}
        <footer className="camera-bar">
          {!shot && <button type="button" disabled={busy || !stream.current} onClick={() => void shoot()}>{t('devices.camera.shoot')}</button>}
          {shot && <button type="button" disabled={busy} onClick={() => void accept(true)}>{t('devices.camera.accept')}</button>}
          {shot?.cropped && <button type="button" disabled={busy} onClick={() => void accept(false)}>{t('devices.camera.noCrop')}</button>}
          {shot && <button type="button" disabled={busy} onClick={() => setShot(null)}>{t('devices.camera.retake')}</button>}
          <span className="muted">{t('devices.camera.taken', { n: pages.length })}</span>
          <button type="button" disabled={busy} onClick={close}>{t('devices.camera.done')}</button>
        </footer>
      </div>
    </div>
  );
}
