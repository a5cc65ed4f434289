#!/usr/bin/env bash
# The script behind action.yml: builds eksport from the action's own
# checkout (unless EKSPORT names a binary), runs `eksport convert --check
# --diag-format github` with EKSPORT_ARGS in the current folder, and on a
# difference writes the diff to the job summary. Exits with eksport's code:
# 0 up to date, 1 out of date or an input error, 2 a usage error.
set -uo pipefail

action_dir=${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/../.." && pwd)}
bin=${EKSPORT:-}
if [ -z "$bin" ]; then
  bin="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/eksport-action/eksport"
  if ! (cd "$action_dir" && go build -o "$bin" ./cmd/eksport); then
    echo "::error title=eksport::cannot build eksport from $action_dir (is Go set up? use actions/setup-go)"
    exit 2
  fi
fi

# Whitespace-separated, never evaluated: an argument cannot run a command.
read -r -a args <<< "${EKSPORT_ARGS:-}"
if [ "${#args[@]}" -eq 0 ]; then
  echo "::error title=eksport::the args input is empty: give the arguments of eksport convert, for example -o k8s/ ecs/"
  exit 2
fi

diff_file=$(mktemp)
trap 'rm -f "$diff_file"' EXIT
"$bin" convert --check --diag-format github "${args[@]}" > "$diff_file"
code=$?
cat "$diff_file"
if [ "$code" -ne 0 ] && [ -s "$diff_file" ]; then
  echo "::error title=eksport::generated manifests are out of date; run: eksport convert ${args[*]}"
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    {
      echo "### eksport: generated manifests are out of date"
      echo
      echo "Run \`eksport convert ${args[*]}\` and commit the result. What would change:"
      echo
      echo '```diff'
      cat "$diff_file"
      echo '```'
    } >> "$GITHUB_STEP_SUMMARY"
  fi
fi
exit "$code"
