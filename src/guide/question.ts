/**
 * The guide's port to the person at the keyboard (CDK io-host style): the core never prints or prompts, it asks
 * questions and shows text through a GuideHost. Every question carries a default answer that passes its own
 * validation, so a host that answers everything with the default (DefaultsHost) runs the whole conversation.
 */
export type QuestionKind = 'select' | 'checkbox' | 'input' | 'confirm';

export interface Choice<V> {
  value: V;
  /** One line shown in the list. */
  name: string;
  /** Shown under the list while the choice is highlighted. */
  description?: string;
  /** A reason the choice cannot be picked (shown beside it); undefined = can be picked. */
  disabled?: string;
}

/** What validate answers: true, or one line saying what is wrong. */
export type Verdict = true | string;

export interface Question<T> {
  /** Stable: scripted hosts answer by id, tests assert on ids. */
  id: string;
  text: string;
  kind: QuestionKind;
  /** select: pick one value; checkbox: pick several (T is V[]). */
  choices?: Choice<unknown>[];
  /** The answer when nobody answers. Always passes `validate`. */
  default: T;
  validate: (answer: T) => Verdict | Promise<Verdict>;
}

const always = (): Verdict => true;

export function selectQuestion<V>(id: string, text: string, choices: Choice<V>[], def: V, validate: (v: V) => Verdict | Promise<Verdict> = always): Question<V> {
  return { id, text, kind: 'select', choices: choices as Choice<unknown>[], default: def, validate };
}

export function checkboxQuestion<V>(id: string, text: string, choices: Choice<V>[], def: V[], validate: (v: V[]) => Verdict | Promise<Verdict> = always): Question<V[]> {
  return { id, text, kind: 'checkbox', choices: choices as Choice<unknown>[], default: def, validate };
}

export function inputQuestion(id: string, text: string, def: string, validate: (v: string) => Verdict | Promise<Verdict> = always): Question<string> {
  return { id, text, kind: 'input', default: def, validate };
}

export function confirmQuestion(id: string, text: string, def: boolean): Question<boolean> {
  return { id, text, kind: 'confirm', default: def, validate: always };
}

export interface GuideHost {
  ask<T>(question: Question<T>): Promise<T>;
  /** Text for the user (may span lines); the host decides where it goes. */
  show(text: string): void;
  /** How text is laid out for this host (tables are fitted to width). */
  readonly display: { width: number; color: boolean };
}

/**
 * The person left the conversation (Ctrl-C, Esc), or interrupted an apply started from it. Says what was left behind:
 * the saved plan, whether an apply was under way.
 */
export class GuideCancelled extends Error {
  constructor(readonly left: { savedPlan?: string; applyStarted?: boolean } = {}) {
    super('guide cancelled');
    this.name = 'GuideCancelled';
  }

  /** The one line shown on exit. */
  describe(): string {
    const { savedPlan, applyStarted } = this.left;
    if (!savedPlan) return 'guide cancelled; nothing was saved';
    if (applyStarted) {
      return `guide cancelled; apply stopped at a step boundary; the plan is saved at ${savedPlan}: resume with: aml-isolate apply ${savedPlan} or roll back with: aml-isolate rollback ${savedPlan}`;
    }
    return `guide cancelled; the plan was saved to ${savedPlan} (not applied; apply it with: aml-isolate apply ${savedPlan})`;
  }
}
