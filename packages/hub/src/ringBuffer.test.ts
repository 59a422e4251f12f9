import { describe, expect, it } from 'vitest';
import { RingBuffer } from './ringBuffer.js';

describe('RingBuffer', () => {
  it('keeps the newest items in order and reports what it dropped', () => {
    const buffer = new RingBuffer<number>(3);
    expect(buffer.push(1)).toBeUndefined();
    buffer.push(2);
    buffer.push(3);
    expect(buffer.push(4)).toBe(1);
    expect(buffer.toArray()).toEqual([2, 3, 4]);
    expect(buffer.first()).toBe(2);
    expect(buffer.last()).toBe(4);
    expect(buffer.at(3)).toBeUndefined();
    expect(buffer.slice(1, 1)).toEqual([3]);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new RingBuffer(0)).toThrow(RangeError);
  });
});
