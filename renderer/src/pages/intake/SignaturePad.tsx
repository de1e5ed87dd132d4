import { useRef, useState } from 'react';
import { call } from '../../api/client';
import { errorText, t } from '../../i18n';

/**
 * The applicant's signature on the citizen screen: pointer events cover touch, pen and mouse.
 * The PNG goes to main with the request id; main stores it and tells the clerk.
 */
export function SignaturePad({ requestId, signerName }: { requestId: string; signerName: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const [strokes, setStrokes] = useState(0);
  const [msg, setMsg] = useState<{ text: string; alert: boolean } | null>(null);

  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - r.left) * e.currentTarget.width) / r.width, y: ((e.clientY - r.top) * e.currentTarget.height) / r.height };
  };
  const ctx = () => {
    const c = canvas.current!.getContext('2d')!;
    c.lineWidth = 4;
    c.lineCap = 'round';
    c.strokeStyle = '#111';
    return c;
  };

  return (
    <div className="intake-sign">
      <p className="citizen-sub">{t('intake.sign.signer', { name: signerName })}</p>
      <canvas
        ref={canvas}
        width={900}
        height={300}
        className="intake-sign-pad"
        role="img"
        aria-label={t('intake.sign.pad')}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          drawing.current = true;
          const p = point(e);
          const c = ctx();
          c.beginPath();
          c.moveTo(p.x, p.y);
        }}
        onPointerMove={(e) => {
          if (!drawing.current) return;
          const p = point(e);
          const c = ctx();
          c.lineTo(p.x, p.y);
          c.stroke();
        }}
        onPointerUp={() => {
          if (drawing.current) setStrokes((n) => n + 1);
          drawing.current = false;
        }}
      />
      <div className="actions">
        <button type="button" onClick={() => {
          const c = canvas.current!;
          c.getContext('2d')!.clearRect(0, 0, c.width, c.height);
          setStrokes(0);
        }}>{t('intake.sign.clear')}</button>
        <button type="button" onClick={async () => {
          if (!strokes) return setMsg({ text: t('intake.sign.empty'), alert: true });
          const png = canvas.current!.toDataURL('image/png').split(',')[1];
          const r = await call('citizen.sign', { requestId, pngBase64: png });
          setMsg(r.ok ? { text: t('intake.sign.sent'), alert: false } : { text: errorText(r.error), alert: true });
        }}>{t('intake.sign.confirm')}</button>
      </div>
      {msg && <p role={msg.alert ? 'alert' : 'status'}>{msg.text}</p>}
    </div>
  );
}
