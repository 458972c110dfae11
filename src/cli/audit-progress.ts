import type { AuditEvents } from '../audit/run-audit.js';
import { oneLine } from '../errors.js';

export interface AuditProgress {
  events: AuditEvents;
  /** Clears the live line, if any. Idempotent. */
  finish(): void;
}

/**
 * Progress for `audit` on stderr (stdout is data). On a terminal: one live line, rewritten at most every 100 ms.
 * Otherwise only what a log needs: warnings and failed subscriptions, one line each.
 */
export function createAuditProgress(stream: NodeJS.WriteStream): AuditProgress {
  const live = stream.isTTY === true;
  let started = 0;
  let finished = 0;
  let workspaces = 0;
  let lastDraw = 0;
  let drawn = false;

  const draw = (force = false) => {
    if (!live) return;
    const now = Date.now();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    drawn = true;
    stream.write(`\r\x1b[2KScanning: ${finished}/${started} subscriptions done, ${workspaces} workspaces audited`);
  };
  const log = (line: string) => {
    if (drawn) stream.write('\r\x1b[2K');
    stream.write(`aml-isolate: ${oneLine(line)}\n`);
    draw(true);
  };

  return {
    events: {
      subscriptionStarted: () => {
        started++;
        draw();
      },
      subscriptionDone: () => {
        finished++;
        draw();
      },
      subscriptionFailed: ({ subscriptionId, error }) => {
        finished++;
        log(`warning: subscription ${subscriptionId} could not be read completely: ${error.code}: ${error.message}`);
      },
      workspaceAudited: () => {
        workspaces++;
        draw();
      },
      warning: ({ message }) => log(`warning: ${message}`),
    },
    finish: () => {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
