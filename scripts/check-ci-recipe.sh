#!/usr/bin/env bash
# ctest ci-recipe-github / ci-recipe-gitlab (issue #18): runs the steps of
# docs/ci/github-actions.yml or docs/ci/gitlab-ci.yml here, offline
# (scripts/run-workflow-locally.py), so the recipes in docs/ci.md are known
# to work. Stood in, and why:
#   - actions/checkout: the "kernel tree" is a stand-in made here: the corpus
#     seed case as arch/x86/kvm/buggy.c with the corpus headers, a Makefile
#     answering the same make targets (defconfig, olddefconfig, the subsystem)
#     that compiles with clang$(LLVM) -MJ, scripts/config, and a
#     scripts/clang-tools/gen_compile_commands.py joining the -MJ fragments.
#     A real kernel build is ~10 minutes (ctest kernel-kvm-* does that);
#     the workflow's own build commands still run exactly as written.
#   - the install step (apt-get + a download; GitLab: before_script): the
#     locally built .deb goes into a scratch root with dpkg --root (as
#     scripts/check-deb.sh does, never into this shared machine), and its
#     bin/ goes on PATH ($GITHUB_PATH).
#   - github/codeql-action/upload-sarif: the SARIF is checked against what
#     code scanning accepts (SARIF 2.1.0, relative URIs under %SRCROOT%, the
#     seed finding present, size and run limits).
#   - GitLab's codequality report: checked as GitLab reads it (a JSON list of
#     issues with description, check_name, unique fingerprint, severity,
#     relative location.path, location.lines.begin), the seed finding present.
# Everything else (build, rcuctx --version, rcuctx --format=sarif, its exit
# status handling) runs as written.
#
# Usage: scripts/check-ci-recipe.sh BUILD_DIR [github|gitlab]
set -euo pipefail
BUILD=$(cd "${1:?usage: check-ci-recipe.sh BUILD_DIR [github|gitlab]}" && pwd)
RECIPE=${2:-github}
REPO=$(cd "$(dirname "$0")/.." && pwd)
W=$(mktemp -d /tmp/rcuctx-ci.XXXXXX)
trap 'rm -rf "$W"' EXIT

# The package of this build (never a stale one).
rm -f "$BUILD"/packages/rcuctx_*.deb
(cd "$BUILD" && cpack --config CPackConfig.cmake -G DEB >/dev/null)
debs=("$BUILD"/packages/rcuctx_*.deb)
DEB=${debs[0]}

# The stand-in kernel tree.
K=$W/linux
mkdir -p "$K/arch/x86/kvm" "$K/scripts/clang-tools"
cp "$REPO"/corpus/01-*/buggy.c "$K/arch/x86/kvm/buggy.c"
cp -r "$REPO/corpus/include" "$K/include"
cat > "$K/Makefile" <<'MK'
# Stand-in for the kernel's top-level Makefile (scripts/check-ci-recipe.sh).
CC := clang$(LLVM)
.PHONY: defconfig olddefconfig arch/x86/kvm/
defconfig olddefconfig:
	@echo "  stand-in: $@" && touch .config
arch/x86/kvm/: .config
	@for c in $(wildcard arch/x86/kvm/*.c); do \
	  o=$${c%.c}.o; echo "  CC      $$o"; \
	  $(CC) -Wno-unused-value -Iinclude -MJ $$(dirname $$c)/.$$(basename $$o).json -c $$c -o $$o || exit 1; \
	done
MK
printf '#!/bin/sh\n# stand-in for the kernel'"'"'s scripts/config\necho "  stand-in: scripts/config $*"\n' > "$K/scripts/config"
cat > "$K/scripts/clang-tools/gen_compile_commands.py" <<'PY'
#!/usr/bin/env python3
# Stand-in for the kernel's gen_compile_commands.py: joins clang -MJ fragments.
import argparse, glob, json, os
ap = argparse.ArgumentParser()
ap.add_argument("-o", "--output", default="compile_commands.json")
ap.add_argument("paths", nargs="*")
a = ap.parse_args()
entries = []
for p in a.paths or ["."]:
    for f in sorted(glob.glob(os.path.join(p, "**", ".*.o.json"), recursive=True)):
        entries.append(json.loads(open(f).read().rstrip().rstrip(",")))
json.dump(entries, open(a.output, "w"), indent=1)
print(f"  stand-in: {len(entries)} entries in {a.output}")
PY
chmod +x "$K/scripts/config" "$K/scripts/clang-tools/gen_compile_commands.py"

R=$W/root
install_standin="mkdir -p '$R/var/lib/dpkg/info' '$R/var/lib/dpkg/updates' && : > '$R/var/lib/dpkg/status' &&
  dpkg --root='$R' --log=/dev/null --force-depends -i '$DEB' >/dev/null 2>&1 &&
  { [ -z \"\${GITHUB_PATH:-}\" ] || echo '$R/usr/bin' >> \"\$GITHUB_PATH\"; } &&
  env -u RCUCTX_RULES_DIR '$R/usr/bin/rcuctx' --version"
upload_standin="python3 - \"\$WITH_SARIF_FILE\" <<'PY'
import json, os, sys
path = sys.argv[1]
size = os.path.getsize(path)
s = json.load(open(path))
assert s['version'] == '2.1.0' and 'sarif' in s.get('\$schema', ''), 'not SARIF 2.1.0'
assert 1 <= len(s['runs']) <= 20, 'code scanning takes 1..20 runs per upload'
assert size < 10 * 1024 * 1024, 'over the 10 MB upload limit'
res = [r for run in s['runs'] for r in run.get('results', [])]
assert any(r['ruleId'] == 'rcuctx-rcu-section' for r in res), 'the seed finding is missing'
for r in res:
    for loc in r['locations']:
        al = loc['physicalLocation']['artifactLocation']
        assert not al['uri'].startswith('/') and al.get('uriBaseId') == '%SRCROOT%', 'absolute URI: %s' % al
print('  stand-in upload-sarif: %s: %d result(s), %d bytes, category %s: acceptable to code scanning'
      % (path, len(res), size, os.environ.get('WITH_CATEGORY')))
PY"

if [[ $RECIPE == github ]]; then
  env -u RCUCTX_RULES_DIR python3 "$REPO/scripts/run-workflow-locally.py" "$REPO/docs/ci/github-actions.yml" \
    --workdir "$K" --replace "install=$install_standin" \
    --uses "actions/checkout=echo '  stand-in checkout: $K'" \
    --uses "github/codeql-action/upload-sarif=$upload_standin"
else
  report_check="python3 - \"\$REPORT\" <<'PY'
import json, sys
issues = json.load(open(sys.argv[1]))
assert isinstance(issues, list) and issues, 'no issues'
fps = set()
for i in issues:
    for k in ('description', 'check_name', 'fingerprint', 'severity'):
        assert isinstance(i.get(k), str) and i[k], 'issue lacks %s: %s' % (k, i)
    assert i['severity'] in ('info', 'minor', 'major', 'critical', 'blocker'), i
    assert isinstance(i['location']['lines']['begin'], int), i
    assert i['fingerprint'] not in fps, 'duplicate fingerprint'
    fps.add(i['fingerprint'])
seed = [i for i in issues if i['check_name'] == 'rcuctx-rcu-section']
assert seed and seed[0]['location'] == {'path': 'arch/x86/kvm/buggy.c', 'lines': {'begin': 70}}, seed
print('  stand-in codequality: %d issue(s), seed at %s:%d' % (len(issues), seed[0]['location']['path'],
      seed[0]['location']['lines']['begin']))
PY"
  env -u RCUCTX_RULES_DIR python3 "$REPO/scripts/run-workflow-locally.py" "$REPO/docs/ci/gitlab-ci.yml" \
    --workdir "$K" --replace "before_script=$install_standin && export PATH='$R/usr/bin':\$PATH" \
    --report "codequality=$report_check"
fi
test -s "$K/rcuctx.sarif" && grep -q "from next to $R/usr/bin/rcuctx" "$K/rcuctx-version.txt"
echo "check-ci-recipe: OK: the $RECIPE recipe ran against $(basename "$DEB")"
