import { EMULATOR_KNOBS, type RunningEmulator } from './contract.js';
import { UsageError } from '../errors.js';
import { ArmHttpError, type EmuRequest, type EmuResponse } from './http-types.js';

export interface AdminHooks {
  requests(): RunningEmulator['requests'];
  configure: RunningEmulator['configure'];
  snapshot: RunningEmulator['snapshot'];
  reset(seed: 'demo' | 'demo-hubs' | 'empty'): void;
}

/**
 * /_emulator/* (still HTTPS + bearer; never throttled, faulted or logged, so the request log shows ARM traffic only):
 * GET requests, POST config, GET state, POST reset?seed=demo|demo-hubs|empty.
 */
export function handleAdmin(req: EmuRequest, hooks: AdminHooks): EmuResponse {
  const route = `${req.method} ${req.path.toLowerCase()}`;
  switch (route) {
    case 'GET /_emulator/requests':
      return { status: 200, body: { value: hooks.requests() } };
    case 'GET /_emulator/state':
      return { status: 200, body: hooks.snapshot() };
    case 'POST /_emulator/config': {
      const body = (req.body ?? {}) as Parameters<AdminHooks['configure']>[0];
      const unknown = Object.keys(body).filter((k) => !(EMULATOR_KNOBS as readonly string[]).includes(k));
      if (unknown.length) throw new ArmHttpError(400, 'InvalidRequestContent', `Unknown emulator config key(s): ${unknown.join(', ')}; allowed: ${EMULATOR_KNOBS.join(', ')}.`);
      try {
        hooks.configure(body);
      } catch (err) {
        // A bad knob value is the caller's mistake, said in one line: 400, not the 500 of an emulator fault.
        if (err instanceof UsageError) throw new ArmHttpError(400, 'InvalidRequestContent', err.message);
        throw err;
      }
      return { status: 200, body: { configured: Object.keys(body) } };
    }
    case 'POST /_emulator/reset': {
      const seed = req.query.get('seed') ?? 'demo';
      if (seed !== 'demo' && seed !== 'demo-hubs' && seed !== 'empty') throw new ArmHttpError(400, 'InvalidRequestContent', `seed must be demo, demo-hubs or empty, not '${seed}'.`);
      hooks.reset(seed);
      return { status: 200, body: { seed } };
    }
    default:
      throw new ArmHttpError(404, 'NotFound', `No emulator admin route ${req.method} ${req.path}.`);
  }
}
