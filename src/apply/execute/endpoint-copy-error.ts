import { ArmError } from '../../errors.js';

/** Client errors that say nothing about the name (auth, missing parent, throttling): passed on unchanged. */
const NOT_ABOUT_THE_NAME = new Set([401, 403, 404, 429]);

/**
 * Azure refusing a copied endpoint's create, with what to do: endpoint names are unique per region, and the status and
 * code Azure uses for a taken name are unverified (the emulator answers 400 UserError), so any other 4xx on an endpoint
 * create gets the hint. Azure's own code, status and x-ms-request-id are kept for support.
 */
export function explainEndpointRefusal(error: unknown, endpointPath: string): unknown {
  if (!(error instanceof ArmError) || error.statusCode === undefined || error.statusCode < 400 || error.statusCode >= 500 || NOT_ABOUT_THE_NAME.has(error.statusCode)) return error;
  const name = endpointPath.split('/').pop();
  return new ArmError({
    code: error.code, statusCode: error.statusCode, requestId: error.requestId, method: error.method, url: error.url, cause: error,
    message: `${error.serviceMessage} — creating online endpoint ${name}: endpoint names are unique per Azure region; if another workspace in the region holds ${name}, set carryOver.endpointName to another rule (e.g. {name}-{workspace}) and plan again.`,
  });
}
