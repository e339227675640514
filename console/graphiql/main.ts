// GraphiQL served by paycenter itself at GET /graphql (no CDN): queries and mutations over POST,
// subscriptions over graphql-ws with the Authorization header's token in connection_init.
import { createElement } from 'react'
import { createRoot } from 'react-dom/client'
import { GraphiQL } from 'graphiql'
import { buildSchema } from 'graphql'
import 'graphiql/setup-workers/vite'
import 'graphiql/style.css'
import './graphiql.css'
import { createFetcher } from './fetcher'
// The checked-in schema (`paycenter schema`; a server test keeps it equal to the served one). Given
// to GraphiQL, it replaces the introspection query, which is deeper than paycenter's query depth
// limit allows.
import sdl from '../../schema.graphql?raw'

// The console's session token (same tab, same origin), so a logged-in admin starts authenticated.
function consoleToken(): string | null {
  try {
    const raw = sessionStorage.getItem('paycenter.session')
    const s = raw ? (JSON.parse(raw) as { token?: unknown }) : null
    return typeof s?.token === 'string' ? s.token : null
  } catch {
    return null
  }
}

const token = consoleToken()
const root = document.getElementById('graphiql')
if (root) {
  createRoot(root).render(
    createElement(GraphiQL, {
      fetcher: createFetcher('/graphql'),
      schema: buildSchema(sdl),
      defaultHeaders: token ? JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2) : undefined,
      defaultQuery: '# paycenter GraphQL API\n# Log in with adminLogin, then put the token under Headers:\n# {"Authorization": "Bearer …"}\n\n{\n  me {\n    kind\n    username\n  }\n}\n',
    }),
  )
}
