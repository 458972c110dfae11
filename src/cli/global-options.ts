/** Options every command accepts (defined on the program in program.ts). */
export interface GlobalOptions {
  cloud: 'AzureCloud' | 'AzureChinaCloud' | 'AzureUSGovernment';
  armEndpoint?: string;
  credential: 'default' | 'cli' | 'emulator';
  maxRetries: number;
  emulator?: boolean;
  emulatorState: string;
  color: boolean;
  verbose?: boolean;
}
