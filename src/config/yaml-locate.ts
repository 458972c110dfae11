import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';

export type YamlPath = readonly PropertyKey[];

/**
 * The 1-based line a problem at `path` should be reported on: the line of the deepest key or item that exists. A
 * missing key is thus reported on its parent's key line ("destination:" for a destination missing spark_enabled).
 */
export function lineOf(doc: Document, lineCounter: LineCounter, path: YamlPath): number | undefined {
  let node: unknown = doc.contents;
  let anchor: Node | undefined = isNode(node) ? node : undefined;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => keyText(p.key) === String(segment));
      if (!pair) break;
      anchor = isNode(pair.key) ? pair.key : anchor;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (!isNode(item)) break;
      anchor = item;
      node = item;
    } else {
      break;
    }
  }
  const offset = anchor?.range?.[0];
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}

function isNode(value: unknown): value is Node {
  return isMap(value) || isSeq(value) || isScalar(value);
}
