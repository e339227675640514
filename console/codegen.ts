import type { CodegenConfig } from '@graphql-codegen/cli'

// Typed operations from the checked-in schema (../schema.graphql, printed by `paycenter schema`).
// Operations are `graphql(...)` tagged templates in src/; the output in src/gql/ is committed.
const config: CodegenConfig = {
  schema: '../schema.graphql',
  documents: ['src/**/*.ts', 'src/**/*.vue', '!src/gql/**/*'],
  ignoreNoDocuments: false,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        // Documents as plain strings: no GraphQL parser/printer in the bundle.
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        strictScalars: true,
        scalars: { DateTime: 'string', NaiveDate: 'string' },
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
      },
    },
  },
}

export default config
