import type { Collections } from './database';
import type { WebhookDoc } from './documents';

/** Filters without their unset fields: the driver would store an undefined as null. */
const definedOnly = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** Webhook subscriptions, managed over the admin API and read by the webhook dispatcher. */
export class WebhookStore {
  constructor(private readonly c: Pick<Collections, 'webhooks'>) {}

  async create(doc: WebhookDoc): Promise<WebhookDoc> {
    const stored = { ...doc, filters: definedOnly(doc.filters) };
    await this.c.webhooks.insertOne(stored);
    return stored;
  }

  /** Every subscription, oldest first. */
  list(): Promise<WebhookDoc[]> {
    return this.c.webhooks.find({}).sort({ createdAt: 1, _id: 1 }).toArray();
  }

  get(id: string): Promise<WebhookDoc | null> {
    return this.c.webhooks.findOne({ _id: id });
  }

  /** False when there was no such subscription. */
  async remove(id: string): Promise<boolean> {
    return (await this.c.webhooks.deleteOne({ _id: id })).deletedCount === 1;
  }
}
