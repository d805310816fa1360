import { SextantError } from './errors.js';

/**
 * Converts wall-clock times in an IANA time zone to UTC with the platform's Intl data, so no
 * time-zone library is needed. Offsets are cached per hour, which makes converting a
 * million timestamps cheap.
 */
export class TimeZone {
  readonly name: string;
  private readonly format: Intl.DateTimeFormat | null;
  private readonly offsetCache = new Map<number, number>();

  constructor(name: string) {
    this.name = name;
    if (name === 'UTC' || name === 'Etc/UTC') {
      this.format = null;
      return;
    }
    try {
      this.format = new Intl.DateTimeFormat('en-US', {
        timeZone: name,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new SextantError('TIMEZONE_UNKNOWN', `unknown time zone '${name}': expected an IANA name such as UTC, Europe/Berlin or America/New_York`, {
        value: name,
      });
    }
  }

  get isUtc(): boolean {
    return this.format === null;
  }

  /** Offset (local − UTC, ms) in force at the UTC instant `t`. */
  offsetAt(t: number): number {
    if (this.format === null) return 0;
    const hour = Math.floor(t / 3_600_000);
    const cached = this.offsetCache.get(hour);
    if (cached !== undefined) return cached;
    const p: Record<string, number> = {};
    for (const part of this.format.formatToParts(new Date(hour * 3_600_000))) {
      if (part.type !== 'literal') p[part.type] = Number(part.value);
    }
    const local = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    const offset = local - hour * 3_600_000;
    this.offsetCache.set(hour, offset);
    return offset;
  }

  /**
   * UTC instant of a wall-clock time given as if it were UTC (`Date.UTC(fields)`).
   * A time skipped by a spring-forward change maps to the instant after the gap; a time that
   * occurs twice in an autumn change maps to its first occurrence.
   */
  toUtc(wallClock: number): number {
    if (this.format === null) return wallClock;
    const guess = wallClock - this.offsetAt(wallClock);
    const offset = this.offsetAt(guess);
    const candidate = wallClock - offset;
    const earlier = wallClock - this.offsetAt(candidate - 3_600_000);
    if (earlier !== candidate && earlier + this.offsetAt(earlier) === wallClock) return Math.min(earlier, candidate);
    return candidate;
  }

  /**
   * When clocks go back, a wall-clock time happens twice and `toUtc` gives the first. This
   * gives the second instant with the same wall-clock time as `utc`, or null if there is none.
   */
  secondOccurrence(utc: number): number | null {
    if (this.format === null) return null;
    const wall = utc + this.offsetAt(utc);
    for (const ahead of [3_600_000, 7_200_000]) {
      const later = wall - this.offsetAt(utc + ahead);
      if (later > utc && later + this.offsetAt(later) === wall) return later;
    }
    return null;
  }
}
