import type { PrivateAccess } from '../observe/private-access.js';

/**
 * The lines of apply's final report for workspaces that end with public access Disabled: what users now resolve
 * (each Approved endpoint's FQDNs and private IPs), or a loud line when there is no way in or it could not be read.
 */
export function renderPrivateAccess(list: PrivateAccess[]): string {
  const lines: string[] = [];
  for (const a of list) {
    const name = a.workspaceId.split('/').pop();
    if (a.problem !== undefined) {
      lines.push(`aml-isolate: [${name}] could not read its private endpoints for the report: ${a.problem}`);
      continue;
    }
    if (a.publicNetworkAccess !== 'Disabled') continue;
    if (a.endpoints.length === 0) {
      lines.push(`aml-isolate: [${name}] public access Disabled and no Approved private endpoint: users reach it only through ARM.`);
      continue;
    }
    lines.push(`aml-isolate: [${name}] public access Disabled; users now resolve (private DNS):`);
    for (const e of a.endpoints) {
      lines.push(`  private endpoint ${e.id.split('/').pop()}${e.fqdns.length ? '' : ': no FQDNs reported yet'}`);
      for (const f of e.fqdns) lines.push(`    ${f.fqdn} -> ${f.ipAddresses.join(', ') || '(no IP)'}`);
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
