import type { SessionOptions } from '../azure/session.js';

/** Options every command accepts (defined on the program in program.ts). */
export interface GlobalOptions extends SessionOptions {
  color: boolean;
  verbose?: boolean;
}
