import { describe, expect, it } from 'vitest';
import { inOrderOf, interleaveBySubscription } from '../../src/observe/interleave.js';

const ws = (sub: string, name: string) => `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/${name}`;

describe('interleaveBySubscription', () => {
  it('takes one workspace of each subscription in turn, keeping each subscription’s order', () => {
    const ids = [ws('a', '1'), ws('a', '2'), ws('a', '3'), ws('B', '1'), ws('c', '1'), ws('b', '2')];
    expect(interleaveBySubscription(ids)).toEqual([ws('a', '1'), ws('B', '1'), ws('c', '1'), ws('a', '2'), ws('b', '2'), ws('a', '3')]);
  });

  it('puts results back in the order asked, whatever order they were read in', () => {
    const ids = [ws('a', '1'), ws('a', '2'), ws('b', '1')];
    const read = interleaveBySubscription(ids).map((id) => ({ id: id.toUpperCase() }));
    expect(inOrderOf(ids, read, (x) => x.id).map((x) => x.id)).toEqual(ids.map((i) => i.toUpperCase()));
  });
});
