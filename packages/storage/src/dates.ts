/** An ISO-8601 time from the extraction contract as stored: a Date, or null when the page gave none. */
export const isoToDate = (iso: string | null): Date | null => (iso ? new Date(iso) : null);
