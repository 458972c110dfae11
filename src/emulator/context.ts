import type { FaultInjector } from './faults.js';
import type { Store } from './store.js';
import type { Throttle } from './throttle.js';

/** The runtime knobs `configure()` and POST /_emulator/config may replace while the emulator runs. */
export interface RuntimeConfig {
  latencyMs: number;
  lroDurationMs: number;
  /** undefined = throttling off. */
  throttle: Throttle | undefined;
  /** Resource Graph's own per-caller limit (FACTS: ~15 queries per 5 s), on whenever `throttle` is. */
  graphThrottle: Throttle | undefined;
  faults: FaultInjector;
  pageSize: number;
}

/** What every handler gets besides the request: the state, the knobs and the clock. */
export interface EmulatorContext {
  store: Store;
  config: RuntimeConfig;
  now(): number;
  newId(): string;
}
