import type { FeatureFamily } from '../define.js';
import { CalendarFields, calendarFields } from '../kernels/calendar.js';

export const calendar: FeatureFamily[] = [
  {
    spec: {
      family: 'calendar',
      outputs: ['day_of_week', 'month', 'day_of_month', 'minute_of_day'],
      params: [],
      inputs: ['time'],
      category: 'calendar',
      version: 1,
      warmup: '0',
      description:
        "Calendar of the bar's open in the context's time zone (bars are stamped at their close): day_of_week 0 = Monday … 6 = Sunday, month 1…12, day_of_month 1…31, minute_of_day 0…1439 since local midnight. An intraday bar opens one interval before its close, read at the zone's offset then (DST followed); a 1d/1w/1mo bar is its labelled local date (the period start), so its minute_of_day is 0.",
    },
    warmup: () => [0, 0, 0, 0],
    batch: (c, _p, outs, ctx) => calendarFields(c.time, ctx.interval, ctx.timezone, outs[0], outs[1], outs[2], outs[3]),
    stream: (_p, ctx) => {
      const k = new CalendarFields(ctx.interval, ctx.timezone);
      return {
        push: (b, out) => {
          k.update(b.time);
          out[0] = k.dayOfWeek;
          out[1] = k.month;
          out[2] = k.dayOfMonth;
          out[3] = k.minuteOfDay;
        },
      };
    },
  },
];
