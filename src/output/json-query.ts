import { compile, search, tokenize } from '@jmespath-community/jmespath';
import { UsageError } from '../errors.js';

/** A compiled `--query`: JMESPath (jmespath.org, the language `az --query` speaks), checked before anything is read. */
export interface JsonQuery {
  readonly expression: string;
  apply(value: unknown): unknown;
}

/** Compiles the expression or throws a one-line UsageError (exit 3) naming the column where it goes wrong. */
export function compileJsonQuery(expression: string): JsonQuery {
  try {
    compile(expression);
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/^Syntax error[:,]?\s*/i, '') : String(error);
    const column = errorColumn(expression, message);
    throw new UsageError(`--query: invalid JMESPath at column ${column}: ${message} (in: ${expression})`);
  }
  return {
    expression,
    apply(value) {
      try {
        return search(value as Parameters<typeof search>[0], expression);
      } catch (error) {
        // A well-formed expression can still fail on the data (a function given the wrong type): the user's to fix.
        throw new UsageError(`--query: ${error instanceof Error ? error.message : String(error)} (in: ${expression})`);
      }
    },
  };
}

/**
 * The library reports no position, so it is recovered: a lexer error sits at the first prefix that no longer
 * tokenizes; a parser error at the token its message names (EOF: the end). 1-based, as editors count columns.
 */
function errorColumn(expression: string, message: string): number {
  if (!canTokenize(expression)) {
    let end = 1;
    while (end < expression.length && canTokenize(expression.slice(0, end))) end += 1;
    return end;
  }
  const named = /got: (\w+)|invalid token \((\w+)\)|unexpected token: (.*)\((\w+)\)$/.exec(message);
  const type = named?.[1] ?? named?.[2] ?? named?.[4];
  if (!type || type === 'EOF') return expression.length + 1;
  const tokens = tokenize(expression);
  const value = named?.[3];
  const token = tokens.find((t) => t.type === type && (value === undefined || String(t.value) === value)) ?? tokens.find((t) => t.type === type);
  return (token?.start ?? expression.length) + 1;
}

function canTokenize(text: string): boolean {
  try {
    tokenize(text);
    return true;
  } catch {
    return false;
  }
}
