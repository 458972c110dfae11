import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO } from '../../src/emulator/demo-fleet.js';
import { startEmulator } from '../../src/emulator/index.js';
import { API, call, tempDir, waitForOperation } from './helpers.js';

const P = DEMO.prod.subscriptionId;
const WS = `/subscriptions/${P}/resourceGroups/${DEMO.prod.rg}/providers/Microsoft.MachineLearningServices/workspaces`;

describe('persistence and certificates', () => {
  let dir: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => (dir = await tempDir()));
  afterEach(() => dir.cleanup());

  it('seeds and writes the state file, persists every mutation before answering, and reloads it on restart', async () => {
    const stateFile = join(dir.path, 'state.json');
    const first = await startEmulator({ stateFile });
    const seeded = JSON.parse(await readFile(stateFile, 'utf8'));
    expect(seeded.formatVersion).toBe(1);
    const started = await call(first, 'PATCH', `${WS}/${DEMO.workspaces.publicOpen}?${API}`, { properties: { publicNetworkAccess: 'Disabled' } });
    await waitForOperation(first, started);
    // Already on disk before stop():
    const onDisk = JSON.parse(await readFile(stateFile, 'utf8'));
    expect(onDisk.resources[`${WS}/${DEMO.workspaces.publicOpen}`.toLowerCase()].properties.publicNetworkAccess).toBe('Disabled');
    await first.stop();

    const second = await startEmulator({ stateFile, seed: 'empty' });
    try {
      const ws = await call(second, 'GET', `${WS}/${DEMO.workspaces.publicOpen}?${API}`);
      expect(ws.body.properties.publicNetworkAccess).toBe('Disabled');
    } finally {
      await second.stop();
    }
  });

  it('refuses a corrupt or foreign state file with a one-line message naming the file', async () => {
    const stateFile = join(dir.path, 'bad.json');
    await writeFile(stateFile, '{"formatVersion": 1, "tenantId": "x", "resou');
    await expect(startEmulator({ stateFile })).rejects.toThrow(new RegExp(`^Emulator state file ${stateFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid JSON.*delete it`));
    await writeFile(stateFile, '{"formatVersion": 99}');
    await expect(startEmulator({ stateFile })).rejects.toThrow(/formatVersion 99 .* reads formatVersion 1/);
    await writeFile(stateFile, '[1,2]');
    await expect(startEmulator({ stateFile })).rejects.toThrow(/no formatVersion/);
  });

  it('generates the CA once into certDir (ca.pem) and reuses it on the next start', async () => {
    const certDir = join(dir.path, 'certs');
    const a = await startEmulator({ certDir });
    await a.stop();
    const caPath = join(certDir, 'ca.pem');
    expect(a.caCertPath).toBe(caPath);
    expect(await readFile(caPath, 'utf8')).toBe(a.caCertPem);
    const mtime = (await stat(join(certDir, 'emulator-tls.json'))).mtimeMs;
    const t0 = Date.now();
    const b = await startEmulator({ certDir });
    try {
      expect(Date.now() - t0).toBeLessThan(1000);
      expect(b.caCertPem).toBe(a.caCertPem);
      expect((await stat(join(certDir, 'emulator-tls.json'))).mtimeMs).toBe(mtime);
      expect((await call(b, 'GET', `/subscriptions?${API}`)).status).toBe(200);
    } finally {
      await b.stop();
    }
  });

  it('puts the certificate beside the state file by default', async () => {
    const stateFile = join(dir.path, 'nested', 'state.json');
    const emu = await startEmulator({ stateFile, seed: 'empty' });
    await emu.stop();
    expect(emu.caCertPath).toBe(join(dir.path, 'nested', 'ca.pem'));
  });

  it('never leaves a torn file when two emulators write the same state file', async () => {
    const stateFile = join(dir.path, 'shared.json');
    const a = await startEmulator({ stateFile });
    const b = await startEmulator({ stateFile });
    try {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => call(i % 2 ? a : b, 'PUT', `/subscriptions/${P}/resourcegroups/rg-${i}?${API}`, { location: 'eastus' })),
      );
      const parsed = JSON.parse(await readFile(stateFile, 'utf8'));
      expect(parsed.formatVersion).toBe(1);
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});
