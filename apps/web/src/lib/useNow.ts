import { useSyncExternalStore } from 'react';

interface Store {
  now: number;
  listeners: Set<() => void>;
  timer: ReturnType<typeof setInterval> | null;
  subscribe: (listener: () => void) => () => void;
  snapshot: () => number;
}

/**
 * The current time, re-rendering every `intervalMs`. One timer per interval is shared by every
 * component (a queue of 100 countdowns does not start 100 timers).
 */
const stores = new Map<number, Store>();

function storeFor(intervalMs: number): Store {
  const existing = stores.get(intervalMs);
  if (existing) return existing;
  const store: Store = {
    now: Date.now(),
    listeners: new Set(),
    timer: null,
    subscribe: (listener) => {
      store.listeners.add(listener);
      if (!store.timer) {
        const tick = () => {
          store.now = Date.now();
          store.listeners.forEach((l) => l());
        };
        store.timer = setInterval(tick, intervalMs);
        // After an idle spell the stored time is old: refresh it right after this subscription.
        if (Date.now() - store.now > 1000) setTimeout(tick, 0);
      }
      return () => {
        store.listeners.delete(listener);
        if (!store.listeners.size && store.timer) {
          clearInterval(store.timer);
          store.timer = null;
        }
      };
    },
    snapshot: () => store.now,
  };
  stores.set(intervalMs, store);
  return store;
}

export function useNow(intervalMs = 1000): number {
  const store = storeFor(intervalMs);
  return useSyncExternalStore(store.subscribe, store.snapshot);
}
