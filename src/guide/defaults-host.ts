import type { GuideHost, Question } from './question.js';

/**
 * Answers every question with its default, checking first that the default passes the question's own validation (a
 * default that does not is a bug of the guide). Records what was asked and shown, for tests and non-interactive use.
 */
export class DefaultsHost implements GuideHost {
  readonly asked: Question<unknown>[] = [];
  readonly shown: string[] = [];
  readonly display = { width: 120, color: false };

  async ask<T>(question: Question<T>): Promise<T> {
    this.asked.push(question as Question<unknown>);
    const answer = await this.answer(question);
    const verdict = await question.validate(answer);
    if (verdict !== true) throw new Error(`answer to ${question.id} does not validate: ${verdict}`);
    return answer;
  }

  /** Subclasses (scripted hosts) override this; the default host answers with the default. */
  protected async answer<T>(question: Question<T>): Promise<T> {
    return question.default;
  }

  show(text: string): void {
    this.shown.push(text);
  }
}
