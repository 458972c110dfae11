import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

let counter = 0;

/** A real pseudo-terminal: a detached tmux session on its own socket, keystrokes in, screen out. */
export class TmuxSession {
  readonly socket = `aml-guide-${process.pid}-${++counter}`;
  private readonly name = 'guide';

  constructor(private readonly cwd: string) {}

  /** Runs `command` in cwd; its exit code is written to cwd/.exit-code. */
  start(command: string): void {
    const script = `cd '${this.cwd}' && ${command}; echo $? > '${join(this.cwd, '.exit-code')}'; sleep 600`;
    this.tmux('new-session', '-d', '-x', '200', '-y', '50', '-s', this.name, script);
  }

  send(...keys: string[]): void {
    this.tmux('send-keys', '-t', this.name, ...keys);
  }

  /** The visible screen and its scrollback. */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-J', '-S', '-2000', '-t', this.name);
  }

  async waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (pattern.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} on the screen:\n${screen}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async exitCode(timeoutMs = 20_000): Promise<number> {
    const file = join(this.cwd, '.exit-code');
    const deadline = Date.now() + timeoutMs;
    while (!existsSync(file) || readFileSync(file, 'utf8').trim() === '') {
      if (Date.now() > deadline) throw new Error(`the command did not exit; screen:\n${this.screen()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return Number(readFileSync(file, 'utf8').trim());
  }

  kill(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // already gone
    }
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }
}
