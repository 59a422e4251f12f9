import { describe, expect, it } from 'vitest';
import { createManualClock } from './clock.js';

describe('createManualClock', () => {
  it('fires intervals in due order with now() at each due time', () => {
    const clock = createManualClock(1_000);
    const fired: string[] = [];
    clock.setInterval(() => fired.push(`a@${clock.now()}`), 300);
    const b = clock.setInterval(() => fired.push(`b@${clock.now()}`), 200);
    clock.advance(600);
    expect(fired).toEqual(['b@1200', 'a@1300', 'b@1400', 'a@1600', 'b@1600']);
    expect(clock.now()).toBe(1_600);
    clock.clearInterval(b);
    clock.advance(300);
    expect(fired.at(-1)).toBe('a@1900');
    expect(clock.pendingTimers()).toBe(1);
  });

  it('lets a timer clear itself while advancing', () => {
    const clock = createManualClock();
    let count = 0;
    const handle = clock.setInterval(() => {
      count += 1;
      if (count === 2) clock.clearInterval(handle);
    }, 10);
    clock.advance(100);
    expect(count).toBe(2);
  });
});
