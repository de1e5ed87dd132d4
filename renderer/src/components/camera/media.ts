/** The document camera through getUserMedia: choosing it, opening it at its best resolution, taking a still. */

export interface CameraChoice { deviceId: string; label: string }

/** Labels are empty until the user has granted camera access once, so the caller opens a stream first. */
export async function listCameras(): Promise<CameraChoice[]> {
  const all = await navigator.mediaDevices.enumerateDevices();
  return all.filter((d) => d.kind === 'videoinput').map((d, i) => ({ deviceId: d.deviceId, label: d.label || `摄像头 ${i + 1}` }));
}

/** Document cameras name themselves like this; prefer them over a face camera on the same USB hub. */
const DOC_CAMERA = /doc|高拍|scan|eloam|良田|捷宇/i;

export function preferredCamera(cams: CameraChoice[]): CameraChoice | undefined {
  return cams.find((c) => DOC_CAMERA.test(c.label)) ?? cams[0];
}

/** Asks for far more than any 高拍仪 gives; the browser settles on the camera's largest mode. */
export async function openCamera(deviceId?: string): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia({
    audio: false,
    video: { ...(deviceId ? { deviceId: { exact: deviceId } } : {}), width: { ideal: 4096 }, height: { ideal: 3072 } },
  });
}

export function stopStream(stream: MediaStream | null): void {
  stream?.getTracks().forEach((t) => t.stop());
}

interface ImageCaptureLike { takePhoto(): Promise<Blob>; grabFrame(): Promise<ImageBitmap> }
type ImageCaptureCtor = new (track: MediaStreamTrack) => ImageCaptureLike;

/**
 * A still at the best quality the platform offers: ImageCapture.takePhoto (the sensor's photo
 * resolution, often above the video mode), then grabFrame, then the video element itself.
 */
export async function takeStill(stream: MediaStream, video: HTMLVideoElement): Promise<HTMLCanvasElement> {
  const track = stream.getVideoTracks()[0];
  const Ctor = (window as unknown as { ImageCapture?: ImageCaptureCtor }).ImageCapture;
  if (Ctor && track) {
    const ic = new Ctor(track);
    try {
      return bitmapToCanvas(await createImageBitmap(await ic.takePhoto()));
    } catch {
      try { return bitmapToCanvas(await ic.grabFrame()); } catch { /* fall through to the video element */ }
    }
  }
  const c = document.createElement('canvas');
  c.width = video.videoWidth;
  c.height = video.videoHeight;
  c.getContext('2d')!.drawImage(video, 0, 0);
  return c;
}

function bitmapToCanvas(bmp: ImageBitmap): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = bmp.width;
  c.height = bmp.height;
  c.getContext('2d')!.drawImage(bmp, 0, 0);
  bmp.close();
  return c;
}
