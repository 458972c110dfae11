/** ANSI colours for human output; one palette for every renderer (plan, status). Display only. */
const CODES = { green: 32, yellow: 33, red: 31, magenta: 35, cyan: 36, bold: 1, dim: 2 } as const;

export type Colour = keyof typeof CODES;
export type Paint = (colour: Colour, text: string) => string;

/** A painter that colours only when `color` is true (the CLI decides: a TTY without NO_COLOR). */
export function painter(color: boolean | undefined): Paint {
  return (colour, text) => (color ? `\u001b[${CODES[colour]}m${text}\u001b[0m` : text);
}
