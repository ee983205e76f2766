import { describe, expect, it } from 'vitest';
import { MinHeap, NOT_IN_HEAP } from './heap.js';
import { seededRandom } from './synthetic.js';

describe('MinHeap (indexed binary heap)', () => {
  it('pops in key order with decrease and increase of keys (SYNTHETIC random keys)', () => {
    for (const keyType of ['float64', 'uint32'] as const) {
      const rnd = seededRandom(7);
      const heap = new MinHeap(500, keyType);
      const key = new Map<number, number>();
      for (let i = 0; i < 2000; i++) {
        const item = Math.floor(rnd() * 500);
        const k = Math.floor(rnd() * 1000);
        if (rnd() < 0.5) {
          if (heap.pushOrDecrease(item, k)) key.set(item, k);
          else expect(k).toBeGreaterThanOrEqual(key.get(item)!);
        } else {
          heap.update(item, k);
          key.set(item, k);
        }
      }
      const popped: number[] = [];
      while (!heap.isEmpty()) {
        const k = heap.peekKey();
        const item = heap.pop();
        expect(k).toBe(key.get(item));
        popped.push(k);
      }
      expect(popped.length).toBe(key.size);
      expect(popped).toEqual([...popped].sort((a, b) => a - b));
    }
  });

  it('clear() resets only the items left and the heap is reusable', () => {
    const heap = new MinHeap(10);
    heap.push(3, 5);
    heap.push(4, 1);
    heap.push(9, 2);
    expect(heap.pop()).toBe(4);
    heap.clear();
    expect(heap.size).toBe(0);
    expect([...heap.position].every((p) => p === NOT_IN_HEAP)).toBe(true);
    heap.push(9, 7);
    expect(heap.contains(9)).toBe(true);
    expect(heap.keyOf(9)).toBe(7);
    expect(heap.pop()).toBe(9);
  });
});
