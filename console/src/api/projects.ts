// All projects (for filters and names), loaded page by page and shared by the pages.
import { ref } from 'vue'
import type { ProjectFieldsFragment } from '@/gql/graphql'
import { request } from './client'
import { ProjectsQuery } from './operations'

const PAGE = 100

export const projects = ref<ProjectFieldsFragment[]>([])
let loading: Promise<ProjectFieldsFragment[]> | null = null

export async function fetchAllProjects(): Promise<ProjectFieldsFragment[]> {
  const all: ProjectFieldsFragment[] = []
  let after: string | null = null
  for (;;) {
    const { projects: page } = await loadPage(after)
    all.push(...page.edges.map((e) => e.node))
    if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) {
      break
    }
    after = page.pageInfo.endCursor
  }
  return all
}

function loadPage(after: string | null) {
  return request(ProjectsQuery, { first: PAGE, after })
}

/** Loads the list once (or again with `force`); the pages read `projects`. */
export function loadProjects(force = false): Promise<ProjectFieldsFragment[]> {
  if (!loading || force) {
    loading = fetchAllProjects().then(
      (list) => {
        projects.value = list
        return list
      },
      (e: unknown) => {
        loading = null
        throw e
      },
    )
  }
  return loading
}

export function projectName(id: string): string {
  return projects.value.find((p) => p.id === id)?.name ?? id
}
