#!/usr/bin/env bash
# Reads every export with the Python tools researchers use, in the versions they have:
# networkx 2.8.8 (Debian 12), 3.4.2 and 3.6.1 (the first that reads GEXF 1.3), and
# python-igraph. Makes one virtual environment per reader under $KG_PY_DIR (default /tmp)
# from PyPI, idempotently (an environment whose pinned packages are installed is kept),
# then runs the Go test TestPythonReaders, which writes the exports and runs
# scripts/pyexports/check_exports.py in each environment (KG_REQUIRE_PYTHON=1: a missing
# environment fails instead of skipping).
#
#   scripts/pyexports.sh            make the environments and run the check
#   scripts/pyexports.sh --setup    only make the environments
set -euo pipefail
cd "$(dirname "$0")/.."

root="${KG_PY_DIR:-/tmp}"
python="${PYTHON:-python3}"

# venv name and the pinned requirements (pip syntax) of each reader.
readers=(
	"kg-py-nx2.8.8|networkx==2.8.8"
	"kg-py-nx3.4.2|networkx==3.4.2"
	"kg-py-nx3.6.1|networkx==3.6.1 igraph==0.11.8"
)

for r in "${readers[@]}"; do
	venv="$root/${r%%|*}"
	reqs="${r#*|}"
	stamp="$venv/.kg-requirements"
	if [[ -x "$venv/bin/python" && -f "$stamp" && "$(cat "$stamp")" == "$reqs" ]] &&
		"$venv/bin/python" -c 'import networkx' 2>/dev/null; then
		echo "pyexports: $venv is ready ($reqs)"
		continue
	fi
	echo "pyexports: making $venv ($reqs)"
	rm -rf "$venv"
	"$python" -m venv "$venv"
	# shellcheck disable=SC2086 # reqs is a list of requirements
	"$venv/bin/pip" install --quiet --disable-pip-version-check $reqs
	echo "$reqs" >"$stamp"
done

if [[ "${1:-}" == "--setup" ]]; then
	exit 0
fi
KG_PY_DIR="$root" KG_REQUIRE_PYTHON=1 go test -count=1 -run '^TestPythonReaders$' -v ./internal/export/
