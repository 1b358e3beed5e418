"""Runs the `run:` steps of a GitHub Actions workflow job on this machine, as the runner would, for tests.

It reads the workflow (PyYAML), evaluates the few expressions tierc's example workflow uses (`github.*`, `env.*`,
`always()`, `hashFiles()`, `contains()`, `==`, `!=`, `&&`, `||`), gives each `run:` step the workflow's and the
step's environment plus GITHUB_WORKSPACE, GITHUB_STEP_SUMMARY, GITHUB_PATH and GITHUB_OUTPUT files, runs it with
`bash --noprofile --norc -eo pipefail` (the runner's bash), and skips a step after a failure unless its `if:` says
`always()`. `uses:` steps are not run: only whether they would run is recorded. Steps named by --skip-id (the
install step) are skipped; tierc must already be on PATH. Prints one JSON object: a list of steps with name,
status ("ok", "failed", "skipped", "would-run", "would-skip"), exit code and output, and the job summary.

usage: run_steps.py WORKFLOW --job JOB --workspace DIR --event EVENT [--base-ref REF] [--label NAME]...
                    [--skip-id ID]... [--env NAME=VALUE]...
"""
import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile

import yaml


def evaluate(expression, context):
    """Evaluates a workflow expression (the subset described above) to a Python value."""
    text = expression.strip()
    if text.startswith("${{") and text.endswith("}}"):
        text = text[3:-2].strip()

    def env_value(match):
        return repr(context["env"].get(match.group(1), ""))

    def github_value(match):
        value = context["github"]
        for part in match.group(1).split("."):
            value = value.get(part, "") if isinstance(value, dict) else ""
        return repr(value)

    def hash_files(match):
        path = os.path.join(context["workspace"], match.group(1))
        if not os.path.isfile(path):
            return "''"
        with open(path, "rb") as f:
            return repr(hashlib.sha256(f.read()).hexdigest())

    text = re.sub(r"contains\(github\.event\.pull_request\.labels\.\*\.name,\s*env\.(\w+)\)",
                  lambda m: repr(context["env"].get(m.group(1), "") in context["labels"]), text)
    text = re.sub(r"hashFiles\('([^']*)'\)", hash_files, text)
    text = re.sub(r"\benv\.(\w+)", env_value, text)
    text = re.sub(r"\bgithub\.([\w.]+)", github_value, text)
    text = text.replace("always()", "True").replace("success()", repr(not context["failed"]))
    text = text.replace("&&", " and ").replace("||", " or ")
    if re.search(r"[^\w\s'\"=!<>().,:/+-]", text):
        raise ValueError(f"unsupported expression: {expression}")
    return eval(text, {"__builtins__": {}, "True": True, "False": False}, {})  # noqa: S307 (test helper)


def substitute(value, context):
    """A string with every ${{ … }} replaced (booleans as true/false, as the runner writes them)."""
    def one(match):
        result = evaluate(match.group(1), context)
        return ("true" if result else "false") if isinstance(result, bool) else str(result)
    return re.sub(r"\$\{\{(.*?)\}\}", one, str(value))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("workflow")
    parser.add_argument("--job", required=True)
    parser.add_argument("--workspace", required=True)
    parser.add_argument("--event", required=True)
    parser.add_argument("--base-ref", default="")
    parser.add_argument("--label", action="append", default=[])
    parser.add_argument("--skip-id", action="append", default=[])
    parser.add_argument("--env", action="append", default=[])
    args = parser.parse_args()

    with open(args.workflow) as f:
        workflow = yaml.safe_load(f)
    job = workflow["jobs"][args.job]
    scratch = tempfile.mkdtemp(prefix="tierc-ci-")
    files = {name: os.path.join(scratch, name) for name in ("summary.md", "path", "output")}
    for path in files.values():
        open(path, "w").close()
    workflow_env = {k: str(v) for k, v in (workflow.get("env") or {}).items()}
    for item in args.env:
        name, _, value = item.partition("=")
        workflow_env[name] = value
    context = {
        "env": workflow_env,
        "github": {"event_name": args.event, "base_ref": args.base_ref, "workspace": args.workspace},
        "labels": args.label,
        "workspace": args.workspace,
        "failed": False,
    }
    results = []
    for step in job["steps"]:
        name = step.get("name") or step.get("uses") or step.get("id")
        condition = step.get("if")
        runs_after_failure = condition is not None and "always()" in condition
        wanted = bool(evaluate(condition, context)) if condition is not None else True
        if context["failed"] and not runs_after_failure:
            wanted = False
        if "uses" in step:
            results.append({"name": name, "status": "would-run" if wanted else "would-skip"})
            continue
        if not wanted or step.get("id") in args.skip_id:
            results.append({"name": name, "status": "skipped"})
            continue
        env = dict(os.environ)
        env.update(workflow_env)
        env.update({k: substitute(v, context) for k, v in (step.get("env") or {}).items()})
        env.update({"GITHUB_WORKSPACE": args.workspace, "GITHUB_STEP_SUMMARY": files["summary.md"],
                    "GITHUB_PATH": files["path"], "GITHUB_OUTPUT": files["output"], "CI": "true"})
        script = os.path.join(scratch, "step.sh")
        with open(script, "w") as f:
            f.write(substitute(step["run"], context))
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], cwd=args.workspace,
                              env=env, capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            context["failed"] = True
        results.append({"name": name, "status": "ok" if done.returncode == 0 else "failed",
                        "exit": done.returncode, "stdout": done.stdout, "stderr": done.stderr})
    with open(files["summary.md"]) as f:
        summary = f.read()
    json.dump({"steps": results, "summary": summary}, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
