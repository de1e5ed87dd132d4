import type { z } from 'zod';
import { installZodMessages } from '../../common/validation';
import { adminCalls } from './admin';
import { assistCalls, assistEvents } from './assist';
import { calendarCalls } from './calendar';
import { citizenCalls, citizenEvents } from './citizen';
import { devicesCalls, devicesEvents } from './devices';
import { hallDevicesCalls } from './hall-devices';
import { intakeCalls, intakeEvents } from './intake';
import { queueCalls, queueEvents } from './queue';
import { reportsCalls } from './reports';
import { ratingCalls, ratingEvents } from './rating';
import type { CallDef, EventDef } from './define';
import { sessionCalls, sessionEvents } from './session';
import { systemCalls, systemEvents } from './system';
import { syncCalls } from './sync';

/** Every call the renderer can make. Transports, handlers and the client are all derived from this map. */
export const calls = {
  ...sessionCalls,
  ...systemCalls,
  ...adminCalls,
  ...citizenCalls,
  ...queueCalls,
  ...intakeCalls,
  ...calendarCalls,
  ...devicesCalls,
  ...reportsCalls,
  ...ratingCalls,
  ...syncCalls,
  ...assistCalls,
  ...hallDevicesCalls,
} satisfies Record<string, CallDef>;

/** Every event main can push to the renderer. */
export const events = {
  ...sessionEvents,
  ...systemEvents,
  ...citizenEvents,
  ...queueEvents,
  ...intakeEvents,
  ...devicesEvents,
  ...ratingEvents,
  ...assistEvents,
} satisfies Record<string, EventDef>;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<N extends CallName> = z.input<Calls[N]['input']>;
export type CallOutput<N extends CallName> = z.output<Calls[N]['output']>;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<N extends EventName> = z.output<Events[N]['payload']>;

export const CALL_NAMES = Object.keys(calls) as CallName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** The bridge the preload exposes as `window.desk`, and the WebSocket client imitates. */
export interface DeskBridge {
  invoke(name: string, input: unknown): Promise<import('./define').Result<unknown>>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  /** After the connection to main comes back (a screen re-attaches or resumes its session); IPC never drops. */
  onReconnect(listener: () => void): () => void;
  /** The connection to main went down or came up; IPC never drops. */
  onConnectionChange(listener: (up: boolean) => void): () => void;
  readonly shell: 'electron' | 'browser';
}

export * from './define';

// Every process that loads the contract parses with its schemas (the renderer, the preload, main):
// their messages are plain Chinese. describeIssues and the field labels live in common/validation.ts.
installZodMessages();
