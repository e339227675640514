// Cursor pages with a total: the current page's rows, the cursors of the pages before it, and
// the filter's total across all pages (the connection's totalCount).
import { computed, ref, type Ref } from 'vue'
import { showError } from '@/lib/errors'

export interface Page<T> {
  rows: T[]
  total: number
  hasNext: boolean
  endCursor: string | null
}

export interface Connection<T> {
  totalCount: number
  edges: readonly { node: T }[]
  pageInfo: { hasNextPage: boolean; endCursor?: string | null }
}

/** A connection as a page. */
export function pageOf<T>(c: Connection<T>): Page<T> {
  return {
    rows: c.edges.map((e) => e.node),
    total: c.totalCount,
    hasNext: c.pageInfo.hasNextPage,
    endCursor: c.pageInfo.endCursor ?? null,
  }
}

export function usePaged<T>(fetch: (after: string | null, first: number) => Promise<Page<T>>, size = 20) {
  const rows = ref([]) as Ref<T[]>
  const total = ref<number | null>(null)
  const hasNext = ref(false)
  const loading = ref(false)
  const cursors = ref<(string | null)[]>([null])
  let endCursor: string | null = null

  async function load() {
    loading.value = true
    try {
      const p = await fetch(cursors.value[cursors.value.length - 1] ?? null, size)
      rows.value = p.rows
      total.value = p.total
      hasNext.value = p.hasNext
      endCursor = p.endCursor
    } catch (e) {
      showError(e)
    } finally {
      loading.value = false
    }
  }

  /** From the first page again (a new filter). */
  function reset() {
    cursors.value = [null]
    return load()
  }

  function next() {
    if (hasNext.value && endCursor) {
      cursors.value = [...cursors.value, endCursor]
      void load()
    }
  }

  function previous() {
    if (cursors.value.length > 1) {
      cursors.value = cursors.value.slice(0, -1)
      void load()
    }
  }

  const page = computed(() => cursors.value.length)
  return { rows, total, hasNext, loading, page, load, reset, next, previous }
}
