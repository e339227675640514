// Live order changes for a set of projects (one orderEvents subscription per project, all over
// one WebSocket), kept in step with the set and closed with the component.
import { computed, onScopeDispose, ref, watch, type Ref } from 'vue'
import type { OrderEventsSubscription as OrderEventsData } from '@/gql/graphql'
import { subscribe, wsConnected, wsConnections, type Subscription } from './client'
import { OrderEventsSubscription } from './operations'

export type OrderEvent = OrderEventsData['orderEvents']

/**
 * `onConnected` runs after each (re)connection of the subscription socket: the caller reads its
 * data again there, so nothing that changed before the feed was up is missed. `live` is true once
 * that has happened and while no feed has failed.
 */
export function useOrderEvents(
  projectIds: Ref<readonly string[]>,
  onEvent: (e: OrderEvent) => void,
  onConnected?: () => Promise<unknown> | void,
) {
  const subs = new Map<string, Subscription>()
  /** Projects whose feed failed (shown as "not live"). */
  const failed = ref<string[]>([])

  const synced = ref(false)

  async function resync() {
    if (subs.size === 0) {
      return
    }
    synced.value = false
    await onConnected?.()
    synced.value = true
  }

  function sync(ids: readonly string[]) {
    const want = new Set(ids)
    let added = false
    for (const [id, s] of subs) {
      if (!want.has(id)) {
        s.unsubscribe()
        subs.delete(id)
      }
    }
    for (const id of want) {
      if (!subs.has(id)) {
        added = true
        subs.set(
          id,
          subscribe(
            OrderEventsSubscription,
            { projectId: id },
            (d) => onEvent(d.orderEvents),
            () => {
              subs.delete(id)
              if (!failed.value.includes(id)) {
                failed.value = [...failed.value, id]
              }
            },
          ),
        )
      }
    }
    // On an open socket the new subscriptions went out before this read: read again now.
    // Otherwise the socket's `connected` does it.
    if (added && wsConnected.value) {
      void resync()
    }
  }

  watch(projectIds, (ids) => sync(ids), { immediate: true })
  const stop = watch(wsConnections, () => resync())
  const live = computed(() => synced.value && failed.value.length === 0)
  onScopeDispose(() => {
    stop()
    for (const s of subs.values()) {
      s.unsubscribe()
    }
    subs.clear()
  })
  return { failed, live }
}
