"""The documentation a clone carries: nothing points outside the repository, and every relative link
of the README and docs/ leads to a file that is there."""

import re
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = "shared"  # spelt apart, so that this file does not match its own patterns
# The design notes that once lived beside the repository, outside it, by path or by name (their names
# were upper-case; the repository's own are docs/design.md and docs/architecture.md).
OUTSIDE = re.compile(rf"\.\./{SHARED}\b|\b(?:DESIGN|STYLE)\.md\b".encode())
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+.*)?$", re.MULTILINE)
FENCED = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"`[^`\n]*`")


def tracked_files() -> list[str]:
    try:
        listing = subprocess.run(
            ["git", "ls-files", "-z"],  # noqa: S607 - git from PATH
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [name for name in listing.decode().split("\0") if name]


def markdown_documents() -> list[str]:
    return ["README.md", *sorted(name for name in tracked_files() if re.fullmatch(r"docs/[^/]+\.md", name))]


def relative_links(text: str) -> list[str]:
    text = INLINE_CODE.sub("", FENCED.sub("", text))
    targets = LINK.findall(text) + REFERENCE.findall(text)
    return [
        target
        for target in targets
        if not re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE) and not target.startswith(("#", "/"))
    ]


def test_no_tracked_file_outside_docs_points_at_the_notes_beside_the_repository():
    offenders = []
    for name in tracked_files():
        if name.startswith("docs/"):
            continue
        path = ROOT / name
        if not path.is_file():
            continue  # deleted in the work tree, not yet committed
        for number, line in enumerate(path.read_bytes().splitlines(), start=1):
            if OUTSIDE.search(line):
                offenders.append(f"{name}:{number}: {line.decode(errors='replace').strip()}")
    assert not offenders, "Cite docs/design.md or docs/architecture.md instead:\n" + "\n".join(offenders)


def test_every_relative_link_of_the_readme_and_docs_leads_to_a_file_of_the_repository():
    tracked = set(tracked_files())
    folders = {str(Path(name).parent) for name in tracked}
    broken = []
    for document in markdown_documents():
        base = (ROOT / document).parent
        for target in relative_links((ROOT / document).read_text(encoding="utf-8")):
            path = unquote(target.split("#", 1)[0].split("?", 1)[0])
            if not path:
                continue
            resolved = (base / path).resolve()
            inside = resolved.is_relative_to(ROOT)
            name = resolved.relative_to(ROOT).as_posix() if inside else ""
            if not inside or not (name in tracked or name in folders):
                broken.append(f"{document}: {target}")
    assert not broken, "Links to files that are not in the repository:\n" + "\n".join(broken)


def test_the_link_check_reads_markdown_links_and_leaves_code_and_web_addresses_alone():
    text = (
        'See [the design](docs/design.md#urls), ![a chart](img/c.png "title") and [ref].\n\n'
        "[ref]: docs/architecture.md\n"
        "Not `[code](x.md)`, not [web](https://example.org), not [anchor](#top).\n"
        "```\n[fenced](y.md)\n```\n"
    )
    assert sorted(relative_links(text)) == ["docs/architecture.md", "docs/design.md#urls", "img/c.png"]


def test_the_outside_check_finds_the_old_references_and_nothing_else():
    design, style = "DESIGN" + ".md", "STYLE" + ".md"
    for text in (f"See ../{SHARED}/{design}", f"cf. {SHARED}/{style}", f"(../{SHARED})", f"({design} §1)"):
        assert OUTSIDE.search(text.encode()), text
    for text in ("SHOW shared_buffers", "shared by every worker process", "docs/design.md"):
        assert not OUTSIDE.search(text.encode()), text
