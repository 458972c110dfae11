export * from './workspace-yaml-model.js';
export { parseWorkspaceYaml, type ParseWorkspaceYamlOptions } from './parse-workspace-yaml.js';
export { WorkspaceYamlError, type WorkspaceYamlProblem } from './workspace-yaml-problems.js';
export { specToWorkspaceYaml } from './spec-to-workspace-yaml.js';
export {
  orderWorkspaceYaml,
  renderWorkspaceConfig,
  writeConfigFile,
  writeWorkspaceYaml,
  type RenderWorkspaceConfigOptions,
  type WriteConfigFileOptions,
} from './write-workspace-yaml.js';
export { inboundCommands, shellQuote } from './inbound-commands.js';
