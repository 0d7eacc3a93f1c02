import { describe, expect, it } from 'vitest';
import { PositionLog, type LoggedPosition } from './position-log';

/** A small deterministic generator, so a failing sequence can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('PositionLog', () => {
  it('answers every id as a plain list of positions would, whatever records are left out or lines skipped', () => {
    for (const seed of [1, 2, 3]) {
      const next = random(seed);
      const log = new PositionLog();
      const expected: LoggedPosition[] = [];
      let fileId = 0;
      let record = 0;
      let line = 1;
      for (let i = 0; i < 20_000; i++) {
        const roll = next();
        if (roll < 0.001) {
          fileId++;
          record = 0;
          line = 1;
        } else if (roll < 0.03) record++; // a record left out (invalid)
        if (next() < 0.02) line += 1 + Math.floor(next() * 3); // a blank line, or a record over several lines
        const known = fileId % 3 !== 2; // every third file without lines (a JSON array read without them)
        const position = { fileId, record, line: known ? line : -1 };
        expect(log.add(position.fileId, position.record, position.line)).toBe(expected.length);
        expected.push(position);
        record++;
        line++;
      }
      expect(log.size).toBe(expected.length);
      for (let id = 0; id < expected.length; id++) {
        expect(log.at(id)).toEqual(expected[id]);
        expect(log.fileOf(id)).toBe(expected[id].fileId);
      }
    }
  });

  it('keeps one run for records that follow one another, so a million of them take a few bytes', () => {
    const log = new PositionLog();
    for (let i = 0; i < 1_000_000; i++) log.add(0, i, i + 2);
    expect(log.bytes).toBeLessThanOrEqual(1024);
    expect(log.at(765_432)).toEqual({ fileId: 0, record: 765_432, line: 765_434 });
  });

  it('drops the last file, and only the trailing positions of it', () => {
    const log = new PositionLog();
    for (let i = 0; i < 10; i++) log.add(0, i, i + 1);
    for (let i = 0; i < 5; i++) log.add(1, i * 2, -1);
    log.dropTrailingFile(0);
    expect(log.size).toBe(15);
    log.dropTrailingFile(1);
    expect(log.size).toBe(10);
    expect(log.add(2, 0, 1)).toBe(10);
    expect(log.at(9)).toEqual({ fileId: 0, record: 9, line: 10 });
    expect(log.at(10)).toEqual({ fileId: 2, record: 0, line: 1 });
  });

  it('gives its memory back and starts over on release', () => {
    const log = new PositionLog();
    for (let i = 0; i < 100_000; i++) log.add(0, i * 2, -1);
    expect(log.bytes).toBeGreaterThan(1_000_000);
    log.release();
    expect(log.size).toBe(0);
    expect(log.bytes).toBeLessThanOrEqual(1024);
    expect(log.add(3, 7, 8)).toBe(0);
    expect(log.at(0)).toEqual({ fileId: 3, record: 7, line: 8 });
  });
});
