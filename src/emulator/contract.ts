import type { TokenCredential } from '@azure/core-auth';
import type { LroDurationSetting } from './lro-durations.js';

export type { LroDurationSetting, LroKind } from './lro-durations.js';

/**
 * The public contract of the embedded ARM emulator. `startEmulator` (src/emulator/index.ts) implements it; the CLI
 * (`emulator serve`, `--emulator`), the tests and the benchmarks use only this.
 */
export interface EmulatorOptions {
  /** Loopback only: 127.0.0.1 (default) or localhost. Anything else, ::1 included (see options.ts), is refused. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /**
   * JSON state file. Loaded on start when it exists; otherwise the state is seeded (see `seed`) and written.
   * Every mutation is persisted atomically (write temp file, rename) before the response is sent.
   * Without a state file the state lives in memory only.
   */
  stateFile?: string;
  /** Seed used when there is no state file yet. Default 'demo'. */
  seed?: 'demo' | 'demo-hubs' | 'empty' | EmulatorState;
  /** Directory for the generated TLS certificate and key (default: beside stateFile, else a temp dir). */
  certDir?: string;
  /** Added to every response. Default 0. */
  latencyMs?: number;
  /** The emulator's clock (throttle buckets, LRO timing), injectable so tests can drive refills. Default Date.now. */
  now?: () => number;
  /**
   * How long a long-running operation reports InProgress. Default 0 (first poll after the 202 succeeds). A number
   * applies to every operation; 'realistic' is Azure's durations by kind (lro-durations.ts REALISTIC_LRO_MS: a managed
   * network takes 30 minutes, a workspace create 3); an object gives milliseconds by kind (createWorkspace,
   * updateWorkspace, deleteWorkspace, outboundRule, provisionManagedNetwork, diagnose, workspaceChild,
   * privateEndpoint, privateDns), the kinds not named taking `default` (0).
   */
  lroDurationMs?: LroDurationSetting;
  /** Multiplies every LRO duration (default 1): `{ lroDurationMs: 'realistic', lroTimeScale: 0.01 }` = Azure's / 100. */
  lroTimeScale?: number;
  /**
   * Retry-After on a 202 and on the polls of an operation in progress. 'remaining' (default): the seconds left, 0
   * below one second, so clients poll no more than needed. 'none': no Retry-After, as the recorded Machine Learning
   * service answers (recordings/: neither its 202s nor its status polls carry one), so clients poll at their own
   * interval (the SDK's 2 s).
   */
  lroRetryAfter?: 'remaining' | 'none';
  /**
   * ARM throttling per subscription. false (default) = off; true = ARM's real buckets; an object = ARM's buckets with
   * the given fields replaced (e.g. `{ refillScale: 10 }`: every bucket refills 10 times faster).
   */
  throttle?: boolean | Partial<ThrottleConfig>;
  /** Max items per list page before a nextLink is returned. Default 100. */
  pageSize?: number;
  /** Injected faults, checked in order on every request. */
  faults?: FaultRule[];
  /**
   * A project workspace's GET echoes its hub's managedNetwork and publicNetworkAccess. Default true. Whether Azure
   * does is unverified (FACTS: Hubs, projects): turn it off to test a client against the other answer.
   */
  projectNetworkEcho?: boolean;
  /**
   * The workspace identity lacks the approver role on private-endpoint targets: after provisioning such rules stay
   * Inactive and the operation fails with the service's UserError. Default false.
   */
  approverRoleMissing?: boolean;
  /** Validate request bodies (and, in tests, responses) against the OpenAPI spec. Default true. */
  validateRequests?: boolean;
  validateResponses?: boolean;
}

/** The knobs configure() and POST /_emulator/config may change while the emulator runs. */
export type EmulatorKnob = 'latencyMs' | 'lroDurationMs' | 'lroTimeScale' | 'lroRetryAfter' | 'throttle' | 'faults' | 'pageSize' | 'projectNetworkEcho' | 'approverRoleMissing';
export const EMULATOR_KNOBS: readonly EmulatorKnob[] = ['latencyMs', 'lroDurationMs', 'lroTimeScale', 'lroRetryAfter', 'throttle', 'faults', 'pageSize', 'projectNetworkEcho', 'approverRoleMissing'];

export interface ThrottleConfig {
  readCapacity: number; // ARM: 250
  readRefillPerSec: number; // 25
  writeCapacity: number; // 200
  writeRefillPerSec: number; // 10
  deleteCapacity: number; // 200
  deleteRefillPerSec: number; // 10
  /**
   * Multiplies every refill rate (default 1). Benchmarks use it to keep ARM's shape at a shorter floor: 2,000 writes
   * take (2000 − 200) / 10 = 180 s with ARM's write bucket, 18 s with refillScale 10.
   */
  refillScale?: number;
}

export interface FaultRule {
  /** Case-insensitive substring or RegExp source matched against "METHOD /path". */
  match: string;
  kind: 'status' | 'reset' | 'lro-failure';
  /** For kind 'status': 429, 500, 503 ... */
  status?: number;
  /** Retry-After seconds sent with 429/503. */
  retryAfterSec?: number;
  /** How many matching requests get the fault; default unlimited. */
  times?: number;
  /** ARM error code/message for 'status' and 'lro-failure'. */
  code?: string;
  message?: string;
}

export interface RequestLogEntry {
  /** When the request arrived (ISO 8601); `time` is when its answer was sent, so [startedAt, time] is its span. */
  startedAt: string;
  time: string;
  method: string;
  /** Path and query as received. */
  url: string;
  status: number;
  body?: unknown;
  requestId: string;
}

/** Opaque persisted state; its shape belongs to src/emulator/state.ts. */
export type EmulatorState = { formatVersion: number; [k: string]: unknown };

export interface RunningEmulator {
  /** e.g. https://127.0.0.1:41234 (no trailing slash) */
  endpoint: string;
  caCertPem: string;
  caCertPath: string;
  /** A TokenCredential whose token the emulator accepts; stays local (no network). */
  credential: TokenCredential;
  /** Every request served, in order (writes include their body). */
  readonly requests: readonly RequestLogEntry[];
  /** Replace the runtime knobs (latency, LRO durations, throttle, faults, page size); a bad value is a UsageError. */
  configure(options: Partial<Pick<EmulatorOptions, EmulatorKnob>>): void;
  /** Snapshot of the current state (deep copy). */
  snapshot(): EmulatorState;
  /** Stop listening, flush state. */
  stop(): Promise<void>;
}
