#!/usr/bin/env bash
# Notebooks in CI: checks every committed notebooks/*.ipynb has no outputs, then executes each
# one headless against processed/ (or $MINSHENG_PROCESSED) and fails on any cell error.
#
#   .ci/notebooks.sh [VENV_PYTHON]
#
# VENV_PYTHON is the python of a virtualenv to use; without it one is made (once) at
# ${TMPDIR:-/tmp}/minsheng-nb-venv. .ci/requirements-notebooks.txt is installed into it.
# Executed copies go to a temporary directory, so the committed notebooks stay cleared.
# Run the pipeline first (.ci/run does): the notebooks read the tables, whatever rows they hold.
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$(pwd)"

if [ "$#" -ge 1 ]; then
  py="$1"
else
  venv="${TMPDIR:-/tmp}/minsheng-nb-venv"
  if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
  fi
  py="$venv/bin/python"
fi
if [ ! -x "$py" ]; then
  echo "notebooks: $py is not an executable python" >&2
  exit 2
fi

echo "== notebooks: installing .ci/requirements-notebooks.txt into $("$py" -c 'import sys; print(sys.prefix)')"
"$py" -m pip install --quiet --disable-pip-version-check -r .ci/requirements-notebooks.txt

shopt -s nullglob
notebooks=(notebooks/*.ipynb)
if [ "${#notebooks[@]}" -eq 0 ]; then
  echo "notebooks: no notebooks/*.ipynb" >&2
  exit 1
fi

echo "== notebooks: committed without outputs"
"$py" - "${notebooks[@]}" <<'EOF'
import sys, nbformat
bad = []
for path in sys.argv[1:]:
    nb = nbformat.read(path, as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if cell.get("outputs") or cell.get("execution_count") is not None:
            bad.append(f"{path}: cell {i} has outputs or an execution count")
if bad:
    print("\n".join(bad), file=sys.stderr)
    print("clear them: jupyter nbconvert --clear-output --inplace notebooks/*.ipynb", file=sys.stderr)
    sys.exit(1)
print(f"{len(sys.argv) - 1} notebook(s) clear")
EOF

export MINSHENG_PROCESSED="${MINSHENG_PROCESSED:-$repo/processed}"
export MINSHENG_RAW="${MINSHENG_RAW:-$repo/raw}"
export MPLBACKEND=Agg
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
# The kernel runs the venv's python (its ipykernel), not whatever "python3" kernel is installed.
"$py" -m ipykernel install --prefix "$out/jupyter" --name minsheng-nb >/dev/null 2>&1
export JUPYTER_PATH="$out/jupyter/share/jupyter"

for nb in "${notebooks[@]}"; do
  name="$(basename "$nb" .ipynb)"
  echo "== notebooks: executing $nb (tables in $MINSHENG_PROCESSED)"
  (cd "$(dirname "$nb")" && "$py" -m jupyter nbconvert --to notebook --execute \
    --ExecutePreprocessor.kernel_name=minsheng-nb --ExecutePreprocessor.timeout=600 \
    --output "$out/$name.executed.ipynb" "$(basename "$nb")")
  "$py" - "$out/$name.executed.ipynb" <<'EOF'
import sys, nbformat
nb = nbformat.read(sys.argv[1], as_version=4)
errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
          if o.get("output_type") == "error"]
if errors:
    for e in errors:
        print(f"{e.get('ename')}: {e.get('evalue')}", file=sys.stderr)
    sys.exit(1)
cells = sum(c.cell_type == "code" for c in nb.cells)
images = sum("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code"
             for o in c.get("outputs", []))
print(f"{sys.argv[1]}: {cells} code cells ran, {images} charts")
EOF
done
echo "== notebooks ok"
