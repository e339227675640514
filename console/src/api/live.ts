// Live order changes for a set of projects (one orderEvents subscription per project, all over
// one WebSocket), kept in step with the set and closed with the component.
import { onScopeDispose, ref, watch, type Ref } from 'vue'
import type { OrderEventsSubscription as OrderEventsData } from '@/gql/graphql'
import { subscribe, type Subscription } from './client'
import { OrderEventsSubscription } from './operations'

export type OrderEvent = OrderEventsData['orderEvents']

export function useOrderEvents(projectIds: Ref<readonly string[]>, onEvent: (e: OrderEvent) => void) {
  const subs = new Map<string, Subscription>()
  /** Projects whose feed failed (shown as "not live"). */
  const failed = ref<string[]>([])

  function sync(ids: readonly string[]) {
    const want = new Set(ids)
    for (const [id, s] of subs) {
      if (!want.has(id)) {
        s.unsubscribe()
        subs.delete(id)
      }
    }
    for (const id of want) {
      if (!subs.has(id)) {
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
  }

  watch(projectIds, (ids) => sync(ids), { immediate: true })
  onScopeDispose(() => {
    for (const s of subs.values()) {
      s.unsubscribe()
    }
    subs.clear()
  })
  return { failed }
}
