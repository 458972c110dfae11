import { workspaceId } from '../model/resource-id.js';
import { WORKSPACE_PRIVATE_LINK_GROUP } from '../model/private-link-zones.js';
import { INBOUND_ZONE_GROUP } from '../plan/inbound-target.js';
import type { TargetWorkspaceSpec } from '../plan/target-spec.js';

/**
 * workspace-config.yml cannot carry inbound private endpoints (az ml has no field for them), so `config` prints the
 * az commands that complete it, derived from the plan's target inbound spec alone: the same zones, links, endpoints
 * and zone groups apply would create, in the same order. Pure; returns lines for stderr, never for the YAML.
 */
export function inboundCommands(target: TargetWorkspaceSpec): string[] {
  const inbound = target.inbound;
  const name = target.name;
  if (!inbound) return [`${name}: this plan does not say how users reach the workspace once public access is Disabled (re-plan to get the private endpoint commands).`];
  if (inbound.mode === 'existing') return [`${name}: no inbound command needed: the workspace already has an Approved private endpoint.`];
  if (inbound.mode === 'none') {
    return [`${name}: no private endpoint (inbound none, acknowledged): studio, the SDK, az ml and every data-plane call from outside stop working for all its users; only ARM (portal resource blade, az ml workspace show) keeps working.`];
  }
  if (inbound.endpoints.length === 0) return [`${name}: the plan creates no private endpoint: no inbound command to run.`];
  const ws = workspaceId(target.subscriptionId, target.resourceGroup, name);
  const lines = [`${name}: after az ml workspace create, give users a way in (private endpoint and private DNS; the YAML cannot carry them):`];
  for (const zoneId of inbound.createZones) {
    const z = parts(zoneId);
    lines.push(az('network private-dns zone create', ['--subscription', z.sub, '--resource-group', z.rg, '--name', z.name]));
  }
  for (const link of inbound.links) {
    const z = parts(link.zoneId);
    lines.push(az('network private-dns link vnet create', ['--subscription', z.sub, '--resource-group', z.rg, '--zone-name', z.name,
      '--name', last(link.id), '--virtual-network', link.vnetId, '--registration-enabled', 'false']));
  }
  for (const e of inbound.endpoints) {
    const pe = parts(e.id);
    lines.push(az('network private-endpoint create', ['--subscription', pe.sub, '--resource-group', pe.rg, '--name', pe.name, '--location', e.location,
      '--subnet', e.subnetId, '--private-connection-resource-id', ws, '--group-id', WORKSPACE_PRIVATE_LINK_GROUP, '--connection-name', pe.name]));
    // dns-zone-group create takes one zone; further zones join the same group with add.
    e.zoneIds.forEach((zoneId, i) => {
      lines.push(az(`network private-endpoint dns-zone-group ${i === 0 ? 'create' : 'add'}`, ['--subscription', pe.sub, '--resource-group', pe.rg,
        '--endpoint-name', pe.name, '--name', INBOUND_ZONE_GROUP, '--private-dns-zone', zoneId, '--zone-name', last(zoneId).replace(/\./g, '-')]));
    });
  }
  return lines;
}

/** POSIX shell quoting: bare when only safe characters, else single quotes (a quote inside becomes '\''). */
export function shellQuote(value: string): string {
  if (/^[A-Za-z0-9_\/.:=@%+,-]+$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function az(command: string, args: string[]): string {
  return `  az ${command} ${args.map(shellQuote).join(' ')}`;
}

function parts(id: string): { sub: string; rg: string; name: string } {
  const s = id.split('/');
  const at = (key: string) => s[s.findIndex((x) => x.toLowerCase() === key) + 1] ?? '';
  return { sub: at('subscriptions'), rg: at('resourcegroups'), name: s[s.length - 1]! };
}

const last = (id: string) => id.split('/').pop()!;
