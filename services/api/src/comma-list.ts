import { z } from 'zod';

/** An env variable holding a comma-separated list; unset or blank is the empty list. */
export const commaList = <T extends z.ZodType<string>>(item: T) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter((s) => s !== '') : []),
    z.array(item),
  );
