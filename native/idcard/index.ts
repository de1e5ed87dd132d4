export type { CardRead, CardType, Identity, IdCardReader, WltDecoder } from '../types';
export { IdCardError, isIdCardError, statusError, KNOWN_STATUS_CODES, SW3 } from './errors';
export { encodeCommand, encodeResponse, decodeResponse, decodeCommand, toHex, fromHex, CMD, PREAMBLE, MAX_FRAME, type SamResponse, type SamCommand } from './frame';
export { FrameReassembler, type ReassembledItem } from './reassembler';
export {
  parseIdentityText,
  parseAdditionalAddress,
  encodeIdentityText,
  encodeAdditionalAddress,
  cardTypeOf,
  TEXT_LEN,
} from './identity';
export { NATIONS, nationName, nationCode } from './nations';
export type { ByteTransport } from './transport';
export { SimulatedReaderTransport, DEFAULT_TIMINGS, FAST_TIMINGS, type SimFault, type SimTimings, type SimReaderOptions } from './sim-transport';
export { SAMPLE_CARDS, fakeWlt, type SimCard } from './sim-cards';
export { SamReader, DEFAULT_TIMEOUTS, type SamReaderOptions, type ReaderTimeouts } from './reader';
export { CardPoller, type WatchOptions } from './watch';
export { HidReaderTransport, findHidReaders, KNOWN_HID_READERS, loadNodeHid, type HidReaderModel, type NodeHid, type HidAsync } from './hid-transport';
export { SerialReaderTransport, defaultSerialFactory, type SerialPortLike, type SerialPortFactory } from './serial-transport';
export { wrapMiaxis, unwrapMiaxis, toReports } from './envelope';
export { SamIdCardReader } from './device';
