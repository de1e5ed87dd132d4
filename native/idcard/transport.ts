import { EventEmitter } from 'node:events';

/**
 * Bytes in, bytes out. The codec and read flow sit on top of this, so a HID reader, a serial
 * reader and the simulator are interchangeable. Events: 'data' (Uint8Array chunk of any size),
 * 'disconnect' (the device vanished; open() again to recover).
 */
export interface ByteTransport extends EventEmitter {
  /** 'usb-hid', 'usb-hid-miaxis', 'serial', 'simulated' */
  readonly kind: string;
  readonly description: string;
  readonly isOpen: boolean;
  /** Throws IdCardError('IDCARD_NOT_CONNECTED') when the device is not there. */
  open(): Promise<void>;
  write(frame: Uint8Array): Promise<void>;
  close(): Promise<void>;
}
