import type { Campaign } from '../schemas/campaigns.js';

export type ProgressListener<T = Campaign> = (value: T) => void;

/**
 * Fans database notifications out to this process's open event streams. The notification carries
 * only the resource id (a campaign's, a ballot's): the resource is loaded once per notification, however many
 * streams watch it.
 */
export class ProgressHub<T = Campaign> {
  readonly #listeners = new Map<string, Set<ProgressListener<T>>>();

  constructor(
    private readonly load: (id: string) => Promise<T | undefined>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Listeners subscribed, all campaigns together. */
  get listenerCount(): number {
    let count = 0;
    for (const listeners of this.#listeners.values()) count += listeners.size;
    return count;
  }

  /** Returns the unsubscribe function. */
  subscribe(campaignId: string, listener: ProgressListener<T>): () => void {
    let listeners = this.#listeners.get(campaignId);
    if (!listeners) this.#listeners.set(campaignId, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.#listeners.delete(campaignId);
    };
  }

  async publish(campaignId: string): Promise<void> {
    if (!this.#listeners.has(campaignId)) return;
    try {
      const campaign = await this.load(campaignId);
      if (!campaign) return;
      for (const listener of this.#listeners.get(campaignId) ?? []) listener(campaign);
    } catch (error) {
      this.onError(error);
    }
  }

  /** After a lost LISTEN connection every watched campaign may have changed unseen. */
  async publishAll(): Promise<void> {
    await Promise.all([...this.#listeners.keys()].map((id) => this.publish(id)));
  }
}
