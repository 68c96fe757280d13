#!/usr/bin/env bash
# Makes SCORM 1.2 and SCORM 2004 packages of a learner link, to upload to an LMS (docs/lms.md):
#   bash scripts/package.sh --link '<learner link or code>' [--out DIR] [--dist DIR] [--mastery 0-100]
#                           [--version 12|2004|both]
#   bash scripts/package.sh --workspace FILE.json --role <role id or name> [the same options]
# The app is built with `trunk build --release` only when <dist>/index.html is missing (dist/ by default);
# the packaging itself is `cargo run --bin package` (src/bin/package.rs).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$here/tests/e2e/node_modules/.bin:$PATH"

# Relative paths given by the caller are relative to where they ran this script.
args=()
dist="$here/dist"
while [ $# -gt 0 ]; do
  case "$1" in
    --dist|--out|--workspace)
      [ $# -ge 2 ] || { echo "package: $1 needs a value" >&2; exit 2; }
      value="$2"; case "$value" in /*) ;; *) value="$PWD/$value";; esac
      [ "$1" = --dist ] && dist="$value"
      args+=("$1" "$value"); shift 2;;
    --dist=*|--out=*|--workspace=*)
      flag="${1%%=*}"; value="${1#*=}"; case "$value" in /*) ;; *) value="$PWD/$value";; esac
      [ "$flag" = --dist ] && dist="$value"
      args+=("$flag" "$value"); shift;;
    *) args+=("$1"); shift;;
  esac
done
case " ${args[*]-} " in *" --out "*) ;; *) args+=(--out "$PWD");; esac
case " ${args[*]-} " in *" --dist "*) ;; *) args+=(--dist "$dist");; esac
case " ${args[*]-} " in *" --help "*|*" -h "*) cd "$here"; exec cargo run --quiet --bin package -- --help;; esac

if [ ! -f "$dist/index.html" ]; then
  if [ "$dist" != "$here/dist" ]; then
    echo "package: $dist/index.html is missing; build the app there first (trunk build --release --dist $dist)" >&2
    exit 1
  fi
  echo "Building the app (trunk build --release), as dist/index.html is missing…" >&2
  command -v trunk >/dev/null || { echo "package: trunk is not installed; run bash scripts/setup.sh first" >&2; exit 1; }
  log="$(mktemp)"
  if ! (cd "$here" && trunk build --release) >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    echo "package: trunk build --release failed (the output is above)" >&2
    rm -f "$log"; exit 1
  fi
  rm -f "$log"
fi
cd "$here"
exec cargo run --quiet --bin package -- "${args[@]}"
