#!/bin/sh
# Any CI system: what a change does to running VMs, as Markdown on stdout (post it where reviewers
# read), failing when a change has an impact in FAIL_ON.
#   BASE=origin/main FAIL_ON=data,identity,rejected examples/ci/vmprofile-diff.sh vms
# Exit status: 0 fine, 2 an impact in FAIL_ON, 1 an error (bad revision, a side that does not render).
set -u
base=${BASE:-origin/main}
fail_on=${FAIL_ON:-data,identity,rejected}
out=${OUTPUT:-vmprofile-diff.md}
[ $# -gt 0 ] || set -- .
vmprofile diff "$base" HEAD "$@" --output markdown --fail-on "$fail_on" > "$out"
status=$?
cat "$out"
exit "$status"
