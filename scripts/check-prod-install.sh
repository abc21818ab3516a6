#!/usr/bin/env bash
# Production install check: what a user gets from `npm ci --omit=dev` must run the command line.
# Copies the package files, bin/ and src/ to a temporary directory, installs runtime dependencies
# only, then runs `ctms-collect --help` and `validate` on the sample workbook, from the sources
# through tsx and again compiled to dist-cli/ (scripts/build-cli.js). A devDependency
# imported at run time by the CLI (or anything it loads) fails here with "Cannot find module".
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/ctms-prod-install.XXXXXX")"
trap 'rm -rf "$work"' EXIT

cp "$repo/package.json" "$repo/package-lock.json" "$repo/tsconfig.json" "$work/"
cp -R "$repo/bin" "$repo/src" "$work/"
mkdir -p "$work/samples"
cp "$repo/samples/sample-migration.xlsx" "$work/samples/"

echo "prod-install: npm ci --omit=dev in $work"
(cd "$work" && npm ci --omit=dev --no-audit --no-fund)

# Runs --help and validate on the sample; $1 says which build of the command line runs.
check_cli() {
  echo "prod-install ($1): ctms-collect --help"
  (cd "$work" && node bin/ctms-collect.js --help >/dev/null)
  echo "prod-install ($1): ctms-collect validate samples/sample-migration.xlsx"
  set +e
  (cd "$work" && node bin/ctms-collect.js validate samples/sample-migration.xlsx >"$work/validate.out" 2>"$work/validate.err")
  rc=$?
  set -e
  # 0 = clean, 1 = findings in the workbook: both mean the CLI ran. Anything else is a crash or usage error.
  if [ "$rc" -ne 0 ] && [ "$rc" -ne 1 ]; then
    echo "prod-install ($1): validate exited $rc" >&2
    cat "$work/validate.err" >&2
    exit 1
  fi
  echo "prod-install ($1): ok (validate exited $rc)"
}

check_cli "from source through tsx"

# The compiled command line, built with the esbuild the runtime dependencies bring (tsx's).
mkdir -p "$work/scripts"
cp "$repo/scripts/build-cli.js" "$repo/scripts/esbuild-node.js" "$work/scripts/"
(cd "$work" && node scripts/build-cli.js)
check_cli "compiled, dist-cli"
