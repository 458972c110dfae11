import { inflateSync } from 'node:zlib';

/**
 * How much of a PNG screenshot is not background: the share of decoded bytes (8-bit RGB/RGBA, filter bytes
 * included, which are few) that differ from pure white. Enough to tell a rendered page from a blank one.
 */
export function inkShare(png: Buffer): number {
  let offset = 8;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    if (type === 'IDAT') idat.push(png.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  let ink = 0;
  for (const byte of raw) if (byte !== 255) ink += 1;
  return ink / raw.length;
}
