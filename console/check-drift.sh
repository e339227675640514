#!/usr/bin/env bash
# Fails if the committed console/dist is not what the sources build to: rebuilds with the locked
# dependencies and compares. The build is reproducible (content hashes, no timestamps), so any
# difference means someone changed console/ (or schema.graphql) without `npm run codegen` and
# `npm run build`. It also checks the generated GraphQL types (src/gql) against the schema.
set -euo pipefail
cd "$(dirname "$0")"

npm ci --no-audit --no-fund --loglevel=error
npm run --silent codegen >/dev/null
npm run --silent build >/dev/null

# Untracked files count as drift too (a new chunk name).
changes=$(git status --porcelain --untracked-files=all -- dist src/gql)
if [ -n "$changes" ]; then
  echo "console/dist or console/src/gql differs from a fresh build:" >&2
  echo "$changes" >&2
  git --no-pager diff --stat -- dist src/gql >&2
  echo "run 'npm run codegen && npm run build' in console/ and commit the result" >&2
  exit 1
fi
echo "console/dist and console/src/gql match a fresh build"
