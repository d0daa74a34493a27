// withoutNested keeps every selected target that no other covers: two sibling folders of one container are two
// targets (a duplicate check ignoring the prefix would drop the second, and a delete or move would skip it).
import * as assert from 'node:assert/strict';
import { withoutNested } from '../../../../src/openstack/swift/managePlan';

describe('managePlan: withoutNested edges', () => {
  it('keeps sibling folders of one container, and drops only the exact duplicate', () => {
    const a = { kind: 'folder', container: 'c', prefix: 'a/' };
    const b = { kind: 'folder', container: 'c', prefix: 'b/' };
    assert.deepEqual(withoutNested([a, b, { ...b }]), [a, b]);
  });
});
