import { emitKeypressEvents } from 'node:readline';
import { checkbox, confirm, input, select } from '@inquirer/prompts';
import { GuideCancelled, type Choice, type GuideHost, type Question } from './question.js';

/**
 * The terminal host: the only module that imports @inquirer/prompts. Ctrl-C (inquirer's ExitPromptError) and Esc
 * (a keypress listener that aborts the prompt's signal: AbortPromptError) both end the conversation with
 * GuideCancelled. A select whose answer fails validation is asked again with the reason.
 */
export class InquirerHost implements GuideHost {
  readonly display: { width: number; color: boolean };

  constructor(options: { color: boolean }) {
    this.display = { width: Math.max(60, process.stdout.columns ?? 100), color: options.color };
  }

  async ask<T>(question: Question<T>): Promise<T> {
    for (;;) {
      const answer = await this.prompt(question);
      const verdict = question.kind === 'select' ? await question.validate(answer) : true;
      if (verdict === true) return answer;
      this.show(`  ${verdict}`);
    }
  }

  show(text: string): void {
    process.stdout.write(`${text}\n`);
  }

  private async prompt<T>(q: Question<T>): Promise<T> {
    const controller = new AbortController();
    const onKey = (_: unknown, key: { name?: string } | undefined) => {
      if (key?.name === 'escape') controller.abort();
    };
    emitKeypressEvents(process.stdin);
    process.stdin.on('keypress', onKey);
    const context = { signal: controller.signal };
    try {
      switch (q.kind) {
        case 'select':
          return (await select({ message: q.text, choices: (q.choices ?? []).map(toInquirer), default: q.default, pageSize: 12 }, context)) as T;
        case 'checkbox': {
          const selected = q.default as unknown[];
          const choices = (q.choices ?? []).map((c) => ({ ...toInquirer(c), checked: selected.includes(c.value) }));
          const validate = (items: readonly { value: unknown }[]) => (q.validate as (v: unknown[]) => true | string | Promise<true | string>)(items.map((i) => i.value));
          return (await checkbox({ message: q.text, choices, validate, pageSize: 12 }, context)) as T;
        }
        case 'input': {
          const validate = q.validate as (v: string) => true | string | Promise<true | string>;
          return (await input({ message: q.text, default: q.default as string, validate }, context)) as T;
        }
        case 'confirm':
          return (await confirm({ message: q.text, default: q.default as boolean }, context)) as T;
      }
    } catch (error) {
      const name = (error as Error | undefined)?.name;
      if (name === 'ExitPromptError' || name === 'AbortPromptError') throw new GuideCancelled();
      throw error;
    } finally {
      process.stdin.off('keypress', onKey);
    }
  }
}

function toInquirer(c: Choice<unknown>) {
  return { value: c.value, name: c.name, ...(c.description ? { description: c.description } : {}), ...(c.disabled ? { disabled: `(${c.disabled})` } : {}) };
}
