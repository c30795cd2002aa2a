import { HEAP_GROWING_PERCENT, heapFlags } from './heap';

describe('heapFlags', () => {
  it('sets the heap growing factor by default', () => {
    expect(heapFlags([])).toEqual([`--heap-growing-percent=${HEAP_GROWING_PERCENT}`]);
    expect(heapFlags(['--enable-source-maps'])).toEqual([`--heap-growing-percent=${HEAP_GROWING_PERCENT}`]);
  });

  it("leaves an operator's own --heap-growing-percent alone, in either spelling", () => {
    expect(heapFlags(['--heap-growing-percent=50'])).toEqual([]);
    expect(heapFlags(['--heap_growing_percent=300'])).toEqual([]);
  });

  it('does not mistake another flag for it', () => {
    expect(heapFlags(['--heap-growing-percentage=50', '--max-semi-space-size=32'])).toHaveLength(1);
  });
});
