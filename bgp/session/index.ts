/**
 * BGP sessions: the RFC 4271 FSM as a pure step function (fsm.ts) and the socket shell around
 * it (BgpSession, BgpListener).
 */
export * from './types.js';
export { BgpSession, type BgpSessionEvents, type BgpSessionOptions, type SessionLogger, type SessionTransport } from './session.js';
export { BgpListener, type BgpListenerEvents, type BgpListenerOptions } from './listener.js';
export { dueTimerEvents, nextDeadline } from './timers.js';
export { step, initialState, type FsmAction, type FsmEvent, type FsmState, type StepResult, type Timers } from './fsm.js';
export { buildOpen, negotiate, type NegotiationResult } from './negotiate.js';
export { notificationForError, notificationInfo } from './notification.js';
export { ManualClock, systemClock } from './clock.js';
