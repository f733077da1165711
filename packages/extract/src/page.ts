/** A fetched page as the fetcher stored it. */
export interface Page {
  body: string;
  url: string;
  contentType?: string | null;
  fetchedAt?: Date;
}
