import { InvalidArgumentError } from 'commander';

/** Option parsers: each refuses a bad value with a message that says what is accepted. */

export function parseIntInRange(flag: string, min: number, max: number): (value: string) => number {
  return (value: string) => {
    if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(`${flag} takes a whole number from ${min} to ${max}.`);
    const n = Number(value);
    if (n < min || n > max) throw new InvalidArgumentError(`${flag} takes a whole number from ${min} to ${max}.`);
    return n;
  };
}

/** For repeatable options: each occurrence adds its value. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Colours only on a terminal, and never with --no-color or NO_COLOR set. */
export function useColor(options: { color: boolean }, stream: { isTTY?: boolean } = process.stdout): boolean {
  return options.color && !process.env['NO_COLOR'] && stream.isTTY === true;
}

export function parseHttpsUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('give a full URL such as https://management.local.azurestack.external');
  }
  if (url.protocol !== 'https:') {
    throw new InvalidArgumentError('the ARM endpoint must use https (Azure SDKs refuse to send tokens over plain http)');
  }
  return url.origin + url.pathname.replace(/\/+$/, '');
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isSubscriptionId(value: string): boolean {
  return GUID.test(value);
}

/** ARM resource group names: 1-90 of letters, digits, _ - . ( ), not ending with a period. */
export function isResourceGroupName(value: string): boolean {
  return /^[-\w.()]{1,90}$/u.test(value) && !value.endsWith('.');
}
