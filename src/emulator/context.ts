import type { FaultInjector } from './faults.js';
import type { Store } from './store.js';
import type { LroDurationSetting, LroDurationTable } from './lro-durations.js';
import type { Throttle } from './throttle.js';

/** The runtime knobs `configure()` and POST /_emulator/config may replace while the emulator runs. */
export interface RuntimeConfig {
  latencyMs: number;
  /** As given (kept so that changing only lroTimeScale re-resolves it). */
  lroDurationMs: LroDurationSetting;
  lroTimeScale: number;
  /** Milliseconds by operation kind, lroTimeScale applied: what startOperation uses. */
  lroDurations: LroDurationTable;
  lroRetryAfter: 'remaining' | 'none';
  /** undefined = throttling off. */
  throttle: Throttle | undefined;
  /** Resource Graph's own per-caller limit (FACTS: ~15 queries per 5 s), on whenever `throttle` is. */
  graphThrottle: Throttle | undefined;
  faults: FaultInjector;
  pageSize: number;
  /** A project's GET shows its hub's managedNetwork and publicNetworkAccess (default true; see hub-projects.ts). */
  projectNetworkEcho: boolean;
  /**
   * The workspace identity lacks "Azure AI Enterprise Network Connection Approver" on its private-endpoint targets
   * (default false): such rules fail approval and stay Inactive (see operation-effects.ts).
   */
  approverRoleMissing: boolean;
}

/** What every handler gets besides the request: the state, the knobs and the clock. */
export interface EmulatorContext {
  store: Store;
  config: RuntimeConfig;
  now(): number;
  newId(): string;
}
