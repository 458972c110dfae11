import { describe, expect, it } from 'vitest';
import { readOnlyArm, type ArmRequester } from '../../src/azure/arm-requester.js';
import { ArmError } from '../../src/errors.js';
import type { ObserveClients } from '../../src/observe/ports.js';

/** A requester that records every call it is asked to make (no network). */
function recordingRequester(): ArmRequester & { calls: string[] } {
  const calls: string[] = [];
  const answer = async (method: string, path: string) => {
    calls.push(`${method} ${path}`);
    return { status: 200, headers: {}, body: { value: [] } as never };
  };
  return {
    endpoint: 'https://arm.test',
    calls,
    request: (m, p) => answer(m, p),
    get: (p) => answer('GET', p),
    put: (p) => answer('PUT', p),
    patch: (p) => answer('PATCH', p),
    post: (p) => answer('POST', p),
    delete: (p) => answer('DELETE', p),
    readAction: (p) => answer('POST', p),
    async *pages() {},
    listAll: async () => [],
  };
}

describe('the read side gets a read-only ARM port', () => {
  it('has no write method, in the type and at run time', () => {
    const reader = readOnlyArm(recordingRequester());
    const clients = { arm: reader } as Pick<ObserveClients, 'arm'>;
    // @ts-expect-error observe cannot write: ArmReader has no put
    expect(clients.arm.put).toBeUndefined();
    // @ts-expect-error nor patch, post, delete or request
    expect(clients.arm.request).toBeUndefined();
    expect(Object.keys(reader).sort()).toEqual(['endpoint', 'get', 'listAll', 'pages', 'readAction']);
  });

  it('sends POST only for a documented read action (Resource Graph); anything else is refused before it is sent', async () => {
    const inner = recordingRequester();
    const reader = readOnlyArm(inner);
    // A real requester enforces it; the read-only view only forwards.
    const { createArmRequester } = await import('../../src/azure/arm-requester.js');
    const real = createArmRequester({ endpoint: 'https://arm.test', credential: { getToken: async () => ({ token: 't', expiresOnTimestamp: Date.now() + 60_000 }) }, scope: 'https://arm.test/.default' });
    const write = '/subscriptions/s/resourceGroups/r/providers/Microsoft.MachineLearningServices/workspaces/w/provisionManagedNetwork';
    await expect(real.readAction(write, '2025-06-01', {})).rejects.toBeInstanceOf(ArmError);
    await expect(real.readAction(write, '2025-06-01', {})).rejects.toMatchObject({ code: 'NotAReadAction' });
    await reader.readAction('/providers/Microsoft.ResourceGraph/resources', '2024-04-01', { query: 'x' });
    expect(inner.calls).toEqual(['POST /providers/Microsoft.ResourceGraph/resources']);
  });
});
