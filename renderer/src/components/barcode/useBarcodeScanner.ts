import { useEffect, useRef } from 'react';
import { classifyBarcode, type ClassifyOptions } from '../../../../common/barcode/classify';
import { WedgeDetector, type WedgeOptions } from '../../../../common/barcode/wedge';
import { call, on } from '../../api/client';
import { restoreField, snapshotField, type FieldSnapshot } from './inputRestore';
import type { ScanEvent } from './route';

export interface BarcodeScannerOptions {
  /** false pauses listening (e.g. while a dialog owns the keyboard). Default true. */
  enabled?: boolean;
  wedge?: WedgeOptions;
  classify?: ClassifyOptions;
}

// Several pages may listen at once; the workstation forwards to this counter while any does.
let forwardUsers = 0;
function forwardFromWorkstation(onOff: boolean): void {
  forwardUsers += onOff ? 1 : -1;
  if ((onOff && forwardUsers === 1) || (!onOff && forwardUsers === 0)) void call('devices.watchBarcode', { on: onOff });
}

/**
 * Calls onScan for every barcode scan at this counter: keyboard-wedge scans typed into this page
 * (told from typing by WedgeDetector's timing; the scanned text is taken back out of a focused
 * field and its Enter/Tab never reaches the form) and HID-POS/simulated scans forwarded by the
 * workstation (`devices.barcode`). Each scan is classified with classifyBarcode; see routeScan.
 */
export function useBarcodeScanner(onScan: (scan: ScanEvent) => void, opts: BarcodeScannerOptions = {}): void {
  const handler = useRef(onScan);
  handler.current = onScan;
  const { enabled = true } = opts;
  const optsRef = useRef(opts);
  optsRef.current = opts;

  useEffect(() => {
    if (!enabled) return;
    const wedgeOpts = optsRef.current.wedge ?? {};
    const quiet = wedgeOpts.timeBeforeScanTest ?? 100;
    const terminators = wedgeOpts.terminators ?? ['Enter', 'Tab'];
    const detector = new WedgeDetector(wedgeOpts);
    let snap: FieldSnapshot | null = null;
    let lastAt = -Infinity;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const emit = (data: string, s: FieldSnapshot | null) => {
      restoreField(s);
      handler.current({ raw: data, payload: classifyBarcode(data, optsRef.current.classify), source: 'wedge', at: new Date().toISOString() });
    };

    const onKey = (e: KeyboardEvent) => {
      if (e.isComposing || e.ctrlKey || e.altKey || e.metaKey) return;
      const isChar = [...e.key].length === 1;
      const previous = snap;
      const newBurst = isChar && (!detector.collecting || e.timeStamp - lastAt > quiet);
      if (newBurst) snap = snapshotField(e.target);
      if (isChar) lastAt = e.timeStamp;
      const verdict = detector.push({ key: e.key, timeStamp: e.timeStamp });
      if (verdict?.type === 'scan') {
        if (terminators.includes(e.key)) {
          e.preventDefault();
          e.stopPropagation();
        }
        emit(verdict.data, newBurst ? previous : snap);
      }
      clearTimeout(timer);
      // A scanner programmed without a terminator: judge the burst once the keys stop.
      if (detector.collecting) {
        const burst = snap;
        timer = setTimeout(() => {
          const v = detector.flush(performance.now());
          if (v?.type === 'scan') emit(v.data, burst);
        }, quiet + 20);
      }
    };
    window.addEventListener('keydown', onKey, true);

    forwardFromWorkstation(true);
    const off = on('devices.barcode', (s) => handler.current({ raw: s.raw, payload: s.payload, source: s.simulated ? 'simulated' : 'hid-pos', symbology: s.symbology, at: s.at }));
    return () => {
      window.removeEventListener('keydown', onKey, true);
      clearTimeout(timer);
      off();
      forwardFromWorkstation(false);
    };
  }, [enabled]);
}
