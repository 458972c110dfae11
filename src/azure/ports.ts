import type { DiagnosticSetting, Subscription, Workspace } from '../model/workspace.js';

/**
 * The narrow port through which the core reads the fleet. The real implementation (azure/fleet-reader.ts) is the only
 * code that speaks HTTP to Azure; tests of the core use in-memory fakes of this interface.
 *
 * Every method throws ArmError (src/errors.ts) for a failed ARM call, never a raw RestError.
 */
export interface FleetReader {
  /** Every subscription the credential can see (follows nextLink to the end). */
  listSubscriptions(options?: ReadOptions): Promise<Subscription[]>;
  /**
   * Workspaces of one subscription, or of one resource group in it, at api-version 2025-06-01 with the whole
   * properties.managedNetwork. Follows nextLink to the end; yields page by page so large subscriptions stream.
   */
  listWorkspaces(subscriptionId: string, options?: ListWorkspacesOptions): AsyncIterable<Workspace>;
  /** One workspace by ARM id, api-version 2025-06-01. */
  getWorkspace(workspaceId: string, options?: ReadOptions): Promise<Workspace>;
  /** Diagnostic settings (Microsoft.Insights) attached to a resource. */
  listDiagnosticSettings(resourceId: string, options?: ReadOptions): Promise<DiagnosticSetting[]>;
  /**
   * Workspaces found by Azure Resource Graph (for very large tenants), page by page (1,000 rows, $skipToken), pacing
   * itself by ARG's quota headers. A row may lack fields (ARG lags, and whether it carries managedNetwork is
   * unverified): the caller decides from a row only what the row carries and confirms the rest with getWorkspace.
   */
  queryWorkspaces(subscriptionIds: string[], options?: ListWorkspacesOptions): AsyncIterable<ResourceGraphRow[]>;
}

/** One row of the workspace query: the id always; the rest only as far as Resource Graph returned it. */
export interface ResourceGraphRow {
  id: string;
  name?: unknown;
  location?: unknown;
  kind?: unknown;
  identity?: unknown;
  properties?: unknown;
}

export interface ReadOptions {
  abortSignal?: AbortSignal;
}

export interface ListWorkspacesOptions extends ReadOptions {
  resourceGroup?: string;
}
