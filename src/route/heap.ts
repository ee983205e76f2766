/**
 * A binary min-heap of node ids on flat typed arrays, for Dijkstra-style searches.
 *
 * Layout: three arrays sized once for `capacity` items (item ids 0..capacity-1):
 *   keys:     Float64Array | Uint32Array (capacity)  key of the item in each heap slot (heap order)
 *   items:    Uint32Array(capacity)                   item (node id) in each heap slot
 *   position: Uint32Array(capacity)                   slot of each item, or NOT_IN_HEAP
 *
 * Decrease-key uses the position array (an indexed heap) rather than lazy deletion: an item is in the heap
 * at most once, so the heap never holds more than `capacity` entries (no growth, no allocation during a
 * search), pops never have to skip stale entries, and "is this node still open?" is one array read. The
 * cost is one extra Uint32 write per swap. `update()` also raises keys (the contraction ordering needs it).
 *
 * Keys are Float64 by default (saavu's searches use exact integer costs up to 2^53, see cost.ts) or Uint32.
 * `clear()` is O(items still in the heap): popped items already had their position reset, so the heap can
 * be reused across searches without an O(capacity) fill.
 *
 * Complexity: push / pop / update O(log size); peek, contains O(1).
 */

export const NOT_IN_HEAP = 0xffffffff;

export type HeapKeyType = 'float64' | 'uint32';

export class MinHeap {
  readonly keys: Float64Array | Uint32Array;
  readonly items: Uint32Array;
  readonly position: Uint32Array;
  /** Number of items in the heap. */
  size = 0;

  constructor(readonly capacity: number, keyType: HeapKeyType = 'float64') {
    this.keys = keyType === 'float64' ? new Float64Array(capacity) : new Uint32Array(capacity);
    this.items = new Uint32Array(capacity);
    this.position = new Uint32Array(capacity).fill(NOT_IN_HEAP);
  }

  isEmpty(): boolean {
    return this.size === 0;
  }

  contains(item: number): boolean {
    return this.position[item] !== NOT_IN_HEAP;
  }

  /** Key of `item` (must be in the heap). */
  keyOf(item: number): number {
    return this.keys[this.position[item]!]!;
  }

  /** Smallest key (undefined behaviour on an empty heap). */
  peekKey(): number {
    return this.keys[0]!;
  }

  /** Item with the smallest key (undefined behaviour on an empty heap). */
  peek(): number {
    return this.items[0]!;
  }

  /** Insert `item` (must not be in the heap). */
  push(item: number, key: number): void {
    const slot = this.size++;
    this.siftUp(slot, item, key);
  }

  /** Insert `item`, or lower its key if it is in the heap with a larger one. Returns true if changed. */
  pushOrDecrease(item: number, key: number): boolean {
    const slot = this.position[item]!;
    if (slot === NOT_IN_HEAP) {
      this.siftUp(this.size++, item, key);
      return true;
    }
    if (key < this.keys[slot]!) {
      this.siftUp(slot, item, key);
      return true;
    }
    return false;
  }

  /** Set the key of an item in the heap to any value (raise or lower), or insert it. */
  update(item: number, key: number): void {
    const slot = this.position[item]!;
    if (slot === NOT_IN_HEAP) this.siftUp(this.size++, item, key);
    else if (key < this.keys[slot]!) this.siftUp(slot, item, key);
    else this.siftDown(slot, item, key);
  }

  /** Remove and return the item with the smallest key. */
  pop(): number {
    const top = this.items[0]!;
    this.position[top] = NOT_IN_HEAP;
    const last = --this.size;
    if (last > 0) this.siftDown(0, this.items[last]!, this.keys[last]!);
    return top;
  }

  /** Empty the heap in O(size), leaving every position reset. */
  clear(): void {
    const { items, position } = this;
    for (let i = 0; i < this.size; i++) position[items[i]!] = NOT_IN_HEAP;
    this.size = 0;
  }

  private siftUp(slot: number, item: number, key: number): void {
    const { keys, items, position } = this;
    while (slot > 0) {
      const parent = (slot - 1) >> 1;
      const pk = keys[parent]!;
      if (pk <= key) break;
      const pi = items[parent]!;
      keys[slot] = pk;
      items[slot] = pi;
      position[pi] = slot;
      slot = parent;
    }
    keys[slot] = key;
    items[slot] = item;
    position[item] = slot;
  }

  private siftDown(slot: number, item: number, key: number): void {
    const { keys, items, position } = this;
    const size = this.size;
    for (;;) {
      let child = 2 * slot + 1;
      if (child >= size) break;
      let ck = keys[child]!;
      const right = child + 1;
      if (right < size) {
        const rk = keys[right]!;
        if (rk < ck) {
          child = right;
          ck = rk;
        }
      }
      if (ck >= key) break;
      const ci = items[child]!;
      keys[slot] = ck;
      items[slot] = ci;
      position[ci] = slot;
      slot = child;
    }
    keys[slot] = key;
    items[slot] = item;
    position[item] = slot;
  }
}
