#!/usr/bin/env python3
"""Runs the steps of a GitHub Actions workflow file, or a GitLab CI job,
here, offline, as its runner would (bash -eo pipefail, the workflow's env or
variables, $GITHUB_OUTPUT/$GITHUB_PATH, $CI_PROJECT_DIR), for
scripts/check-ci-recipe.sh. Steps that need GitHub/GitLab or the network
are replaced by local stand-ins given on the command line, each printed:

  --uses ACTION=COMMAND   GitHub: a `uses:` step (matched by the action's name
                          before '@'); COMMAND gets its `with:` as $WITH_<KEY>
  --replace ID=COMMAND    GitHub: a `run:` step by its id; GitLab:
                          `before_script` (the whole list)
  --report KIND=COMMAND   GitLab: checks artifacts:reports:KIND, as $REPORT

Every other step or script line is executed exactly as written. Fails on the
first failing step, or on a `uses:` step or report it has no stand-in for.
"""
import argparse
import os
import subprocess
import sys
import tempfile

import yaml


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("workflow")
    ap.add_argument("--job")
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--uses", action="append", default=[])
    ap.add_argument("--replace", action="append", default=[])
    ap.add_argument("--report", action="append", default=[])
    ap.add_argument("--env", action="append", default=[], help="KEY=VALUE overriding the workflow's env")
    a = ap.parse_args()
    uses = dict(u.split("=", 1) for u in a.uses)
    replace = dict(r.split("=", 1) for r in a.replace)
    reports = dict(r.split("=", 1) for r in a.report)

    with open(a.workflow) as f:
        wf = yaml.safe_load(f)
    if "jobs" not in wf:
        return gitlab(wf, a, replace, reports)
    jobs = wf["jobs"]
    job = jobs[a.job] if a.job else next(iter(jobs.values()))
    env = dict(os.environ)
    for scope in (wf.get("env") or {}, job.get("env") or {}):
        env.update({k: str(v) for k, v in scope.items()})
    env.update(dict(e.split("=", 1) for e in a.env))
    tmp = tempfile.mkdtemp(prefix="run-workflow.")
    env.update(GITHUB_WORKSPACE=a.workdir, GITHUB_OUTPUT=os.path.join(tmp, "output"),
               GITHUB_PATH=os.path.join(tmp, "path"), CI="true")
    for f in ("output", "path"):
        open(os.path.join(tmp, f), "w").close()

    for n, step in enumerate(job["steps"], 1):
        name = step.get("name") or step.get("uses") or step.get("id") or f"step {n}"
        if "if" in step:
            sys.exit(f"run-workflow-locally: step '{name}' has an if:, which this runner does not evaluate")
        step_env = dict(env)
        step_env.update({k: str(v) for k, v in (step.get("env") or {}).items()})
        if "uses" in step:
            action = step["uses"].split("@")[0]
            if action not in uses:
                sys.exit(f"run-workflow-locally: no local stand-in for '{step['uses']}'")
            for k, v in (step.get("with") or {}).items():
                step_env["WITH_" + k.upper().replace("-", "_")] = str(v)
            script, how = uses[action], f"stand-in for {step['uses']}"
        elif step.get("id") in replace:
            script, how = replace[step["id"]], "stand-in (needs the network or root)"
        else:
            script, how = step["run"], "as written"
        print(f"::group:: [{n}] {name} ({how})", flush=True)
        rc = subprocess.call(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                             cwd=a.workdir, env=step_env)
        print("::endgroup::", flush=True)
        if rc != 0:
            sys.exit(f"run-workflow-locally: step '{name}' failed with exit status {rc}")
        # Folders a step added to $GITHUB_PATH come first in later steps' PATH.
        with open(env["GITHUB_PATH"]) as f:
            added = [l.strip() for l in f if l.strip()]
        env["PATH"] = os.pathsep.join(reversed(added)) + os.pathsep + os.environ["PATH"] if added else os.environ["PATH"]
    print("run-workflow-locally: all steps passed")


def run(name, how, script, cwd, env):
    print(f"::group:: {name} ({how})", flush=True)
    rc = subprocess.call(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=cwd, env=env)
    print("::endgroup::", flush=True)
    if rc != 0:
        sys.exit(f"run-workflow-locally: {name} failed with exit status {rc}")


def gitlab(wf, a, replace, reports):
    jobs = {k: v for k, v in wf.items() if isinstance(v, dict) and "script" in v}
    job = jobs[a.job] if a.job else next(iter(jobs.values()))
    env = dict(os.environ)
    env.update({k: str(v) for k, v in (wf.get("variables") or {}).items()})
    env.update({k: str(v) for k, v in (job.get("variables") or {}).items()})
    env.update(dict(e.split("=", 1) for e in a.env))
    env.update(CI_PROJECT_DIR=a.workdir, CI="true", GITLAB_CI="true")
    # GitLab runs before_script and script in one shell, stopping at the
    # first failing line: so does this (a stand-in's PATH carries over).
    before = "\n".join(job.get("before_script") or [])
    how = "as written"
    if before and "before_script" in replace:
        before = replace["before_script"]
        how = "before_script stood in (needs the network or root), script as written"
    run("before_script + script", how, before + "\n" + "\n".join(job["script"]), a.workdir, env)
    for kind, path in ((job.get("artifacts") or {}).get("reports") or {}).items():
        if kind not in reports:
            sys.exit(f"run-workflow-locally: no local check for the {kind} report")
        run(f"report {kind}", "stand-in for GitLab's parser", reports[kind],
            a.workdir, dict(env, REPORT=os.path.join(a.workdir, path)))
    print("run-workflow-locally: all steps passed")


if __name__ == "__main__":
    main()
