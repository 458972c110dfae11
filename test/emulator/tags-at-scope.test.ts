import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/contract.js';
import { DEMO } from '../../src/emulator/demo-fleet.js';
import { API, call, start } from './helpers.js';

const P = DEMO.prod;
const WS = `/subscriptions/${P.subscriptionId}/resourceGroups/${P.rg}/providers/Microsoft.MachineLearningServices/workspaces/${DEMO.workspaces.publicInternetOutbound}`;
const TAGS = `${WS}/providers/Microsoft.Resources/tags/default?api-version=2021-04-01`;

/** Tags at scope (resources.json 2021-04-01) on a workspace: the same data as the workspace's own `tags`. */
describe('emulator: tags at scope', () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await start({ seed: 'demo' });
  });
  afterAll(async () => {
    await emu.stop();
  });

  const workspaceTags = async () => (await call(emu, 'GET', `${WS}?${API}`)).body.tags ?? {};

  it('GET shows the workspace tags; PATCH Merge adds one that the workspace GET then shows', async () => {
    const before = await workspaceTags();
    const got = await call(emu, 'GET', TAGS);
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ id: `${WS}/providers/Microsoft.Resources/tags/default`, name: 'default', type: 'Microsoft.Resources/tags', properties: { tags: before } });

    const merged = await call(emu, 'PATCH', TAGS, { operation: 'Merge', properties: { tags: { 'aml-isolate-lock': 'p;h;r;t' } } });
    expect(merged.status).toBe(200);
    expect(merged.body.properties.tags).toEqual({ ...before, 'aml-isolate-lock': 'p;h;r;t' });
    expect(await workspaceTags()).toEqual({ ...before, 'aml-isolate-lock': 'p;h;r;t' });
  });

  it('PATCH Delete with a value removes the tag only while it has that value; with "" by name', async () => {
    await call(emu, 'PATCH', TAGS, { operation: 'Merge', properties: { tags: { 'aml-isolate-lock': 'mine' } } });
    await call(emu, 'PATCH', TAGS, { operation: 'Delete', properties: { tags: { 'AML-ISOLATE-LOCK': 'theirs' } } });
    expect((await workspaceTags())['aml-isolate-lock']).toBe('mine');
    await call(emu, 'PATCH', TAGS, { operation: 'Delete', properties: { tags: { 'AML-ISOLATE-LOCK': 'mine' } } });
    expect((await workspaceTags())['aml-isolate-lock']).toBeUndefined();
    await call(emu, 'PATCH', TAGS, { operation: 'Merge', properties: { tags: { 'aml-isolate-lock': 'x' } } });
    await call(emu, 'PATCH', TAGS, { operation: 'Delete', properties: { tags: { 'aml-isolate-lock': '' } } });
    expect((await workspaceTags())['aml-isolate-lock']).toBeUndefined();
  });

  it('PUT replaces the whole set; a workspace PATCH of tags replaces what tags at scope show', async () => {
    expect((await call(emu, 'PUT', TAGS, { properties: { tags: { a: '1' } } })).body.properties.tags).toEqual({ a: '1' });
    expect(await workspaceTags()).toEqual({ a: '1' });
    const patched = await call(emu, 'PATCH', `${WS}?${API}`, { tags: { b: '2' } });
    expect(patched.status).toBeLessThan(300);
    await new Promise((r) => setTimeout(r, 50));
    expect((await call(emu, 'GET', TAGS)).body.properties.tags).toEqual({ b: '2' });
  });

  it('refuses what the spec or Azure refuses: an unknown operation, a value over 256 characters, a missing scope', async () => {
    const bad = await call(emu, 'PATCH', TAGS, { operation: 'Add', properties: { tags: { a: '1' } } });
    expect(bad.status).toBe(400);
    // The spec's enum (TagsPatchResource.operation), checked by the request validator before the handler runs.
    expect(bad.body.error.message).toMatch(/^operation: must be one of \["Replace","Merge","Delete"\]/);
    const long = await call(emu, 'PATCH', TAGS, { operation: 'Merge', properties: { tags: { a: 'x'.repeat(257) } } });
    expect(long.status).toBe(400);
    expect(long.body.error.code).toBe('InvalidTagNameOrValue');
    const missing = await call(emu, 'GET', TAGS.replace(DEMO.workspaces.publicInternetOutbound, 'ws-nope'));
    expect(missing.status).toBe(404);
  });
});
