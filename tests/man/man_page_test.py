#!/usr/bin/env python3
"""dgram(1) kept in step with the program, and rendered without a warning.

  man_page_test.py options DGRAM MAN_PAGE   every option and argument that
      `dgram --help` and each `dgram COMMAND --help` list is a .TP entry of the
      man page's GLOBAL OPTIONS or COMMAND OPTIONS section, and every such
      entry is in --help; the commands match COMMANDS, the exit codes of the
      help's footer EXIT STATUS, and the .TH line names dgram --version.
  man_page_test.py rules DGRAM MAN_PAGE README   the rules --help prints from
      dgram's own tables (src/common/cli/option_rules.hpp: each value's range
      "1-255", each "not with --rate" exclusion; the interrupts of exit code
      130) are the same in the man page's entry and the README's table row of
      that option, and no entry or row states a range or exclusion the help
      does not.
  man_page_test.py render MAN_PAGE          groff -man -ww and man -l print no
      warning.
"""
import os
import re
import shutil
import subprocess
import sys

# -h/--help is in every command's table; the man page lists it once.
HELP = {"-h", "--help"}


def run(args):
    result = subprocess.run(args, capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        sys.exit(f"FAIL: {' '.join(args)} exited {result.returncode}: {result.stderr}")
    return result.stdout


def help_blocks(text):
    """{'Options': [...], 'Arguments': [...], 'Commands': [...]}: the first word
    of each entry line of each block ("-m,--max-size BYTES  ..." -> "-m,--max-size")."""
    return {block: [names.split()[0].rstrip(",") if names.startswith("-") else names.split()[0]
                    for names in entries]
            for block, entries in help_descriptions(text).items()}


def help_descriptions(text):
    """{'Options': {'-m, --max-size BYTES': 'size limit ...'}, ...}: each entry
    of each block with its description, wrapped lines joined."""
    blocks, current, entry = {}, None, None
    for line in text.splitlines():
        header = re.match(r"^(\w[\w ]*):$", line)
        if header:
            current, entry = blocks.setdefault(header.group(1), {}), None
        elif current is not None and re.match(r"^  \S", line):
            parts = re.split(r"\s{2,}", line.strip(), maxsplit=1)
            entry = parts[0]
            current[entry] = parts[1] if len(parts) > 1 else ""
        elif current is not None and entry is not None and line.startswith("    "):
            current[entry] = (current[entry] + " " + line.strip()).strip()
        elif not line.strip():
            current, entry = None, None
    return blocks


def help_entries(text):
    """Option names and argument names that a --help lists."""
    blocks = help_blocks(text)
    names = set(blocks.get("Arguments", []))
    for entry in help_descriptions(text).get("Options", {}):
        names.update(entry_names(entry))
    return names


def entry_names(entry):
    """'-m, --max-size BYTES' -> ['-m', '--max-size']; 'PORT' -> ['PORT']."""
    words = [w.rstrip(",") for w in entry.split()]
    if words and words[0].startswith("-"):
        return [w for w in words if w.startswith("-")]
    return words[:1]


def plain(roff):
    """Roff text without font changes and with \\- as -."""
    text = re.sub(r"\\f(\[[^]]*\]|.)", "", roff)
    text = text.replace("\\-", "-").replace('"', " ")
    return re.sub(r"^\.[A-Z]+\s*", "", text)


def man_sections(page):
    """{'LISTEN OPTIONS': ['-b, --bind ADDR', ...]}: the tag line of each .TP
    entry (and .TQ, an extra tag), by section."""
    sections, current, tag_next = {}, None, False
    for line in page.splitlines():
        if line.startswith(".SH"):
            current = sections.setdefault(line[3:].strip().strip('"'), [])
            tag_next = False
        elif line.startswith((".TP", ".TQ")):
            tag_next = True
        elif tag_next and current is not None and not line.startswith('.\\"'):
            current.append(plain(line).strip())
            tag_next = False
    return sections


def man_entries(tags):
    """Option and argument names of .TP tags: '-m, --max-size BYTES' gives
    -m and --max-size; 'PORT' gives PORT."""
    names = set()
    for tag in tags:
        words = [w.rstrip(",") for w in tag.split()]
        if words and words[0].startswith("-"):
            names.update(w for w in words if w.startswith("-"))
        elif words:
            names.add(words[0])
    return names


def compare(failures, where, in_help, in_man):
    for name in sorted(in_help - in_man):
        failures.append(f"{where}: --help lists {name}, the man page does not")
    for name in sorted(in_man - in_help):
        failures.append(f"{where}: the man page lists {name}, --help does not")


def check_options(dgram, man_page):
    page = open(man_page, encoding="utf-8").read()
    sections = man_sections(page)
    failures = []
    top = run([dgram, "--help"])
    compare(failures, "GLOBAL OPTIONS", help_entries(top), man_entries(sections.get("GLOBAL OPTIONS", [])))
    # `help` has no --help of its own: it is the help.
    commands = [c for c in help_blocks(top).get("Commands", []) if c != "help"]
    if "help" not in help_blocks(top).get("Commands", []):
        failures.append("dgram --help does not list the help command under Commands")
    compare(failures, "COMMANDS", set(commands) | {"help"}, man_entries(sections.get("COMMANDS", [])))
    checked = 0
    for command in commands:
        entries = help_entries(run([dgram, command, "--help"])) - HELP
        section = f"{command.upper()} OPTIONS"
        arguments_only = {e for e in entries if not e.startswith("-")}
        if section not in sections and entries == arguments_only:
            # Arguments alone (completion SHELL) are described under COMMANDS.
            continue
        compare(failures, section, entries, man_entries(sections.get(section, [])))
        checked += len(entries)
    codes = set(re.findall(r"^  (\d+) ", top, re.M))
    compare(failures, "EXIT STATUS", codes, man_entries(sections.get("EXIT STATUS", [])))
    version = run([dgram, "--version"]).strip()
    th = next((l for l in page.splitlines() if l.startswith(".TH")), "")
    if f'"{version}"' not in th:
        failures.append(f"the .TH line '{th}' does not name '{version}' (dgram --version)")
    if not checked or not codes:
        failures.append("nothing was compared: the help's layout changed?")
    for failure in failures:
        print(f"FAIL: {failure}")
    if not failures:
        print(f"ok: {len(commands)} commands, {checked} options and arguments, {len(codes)} exit codes "
              "in both --help and the man page")
    return not failures


RANGE = re.compile(r"(?<![\w.-])(\d[\d,]*)-(\d[\d,]*)")
NOT_WITH = re.compile(r"not with (.+?)(?:[);|]|\.(?:\s|$)|$)", re.I)
# What stops dgram with exit 130, as the help, the man page and the README name it.
INTERRUPTS = ("Ctrl+C", "Ctrl+Break", "SIGINT", "SIGTERM", "SIGHUP", "console close")


def rules_in(text):
    """The value ranges and the excluded options a description states:
    ({(1, 255)}, {'--rate', '--talk'})."""
    text = text.replace("\u2013", "-").replace("`", "")
    ranges = {(int(a.replace(",", "")), int(b.replace(",", ""))) for a, b in RANGE.findall(text)}
    excluded = set()
    for match in NOT_WITH.finditer(text):
        excluded.update(w.strip() for w in re.split(r"\s*,\s*|\s+or\s+", match.group(1)) if w.strip())
    return ranges, excluded


def man_bodies(page):
    """{'SEND OPTIONS': [('--rate PPS', 'Datagrams per second, ...'), ...]}: each
    .TP entry's tag and its text, in plain words."""
    sections, current, entry = {}, None, None
    for line in page.splitlines():
        if line.startswith(".SH"):
            current, entry = sections.setdefault(line[3:].strip().strip('"'), []), None
        elif line.startswith((".TP", ".TQ")):
            entry = "tag"
        elif line.startswith((".PP", ".RS", ".SS")) or line.startswith('.\\"'):
            entry = None
        elif current is not None and entry == "tag":
            current.append([plain(line).strip(), ""])
            entry = "body"
        elif current is not None and entry == "body":
            current[-1][1] += " " + plain(line.replace("\\(en", "-")).strip()
    return sections


def readme_rows(readme, heading):
    """[(['-m', '--max-size'], 'whole row'), ...]: the option table after the
    README heading that starts with `heading`."""
    rows, inside = [], False
    for line in readme.splitlines():
        if line.startswith("#"):
            inside = line.startswith(heading)
        elif inside and line.startswith("| `"):
            first = line.strip("|").split(" | ", 1)[0]
            names = [n for quoted in re.findall(r"`([^`]*)`", first) for n in entry_names(quoted)]
            rows.append((names, line))
    return rows


def check_rules(dgram, man_page, readme_path):
    page = open(man_page, encoding="utf-8").read()
    readme = open(readme_path, encoding="utf-8").read()
    bodies = man_bodies(page)
    failures, checked = [], 0
    for command in ("listen", "send"):
        help_entries_ = {}
        for block in ("Arguments", "Options"):
            help_entries_.update(help_descriptions(run([dgram, command, "--help"])).get(block, {}))
        man = bodies.get(f"{command.upper()} OPTIONS", [])
        rows = readme_rows(readme, f"### `dgram {command} ")
        for entry, description in help_entries_.items():
            names = set(entry_names(entry))
            if names & HELP:
                continue
            said = rules_in(description)
            for where, found in (("the man page", [b for t, b in man if names & man_entries([t])]),
                                 ("the README", [r for n, r in rows if names & set(n)])):
                if not found:
                    if said != (set(), set()):
                        failures.append(f"{command} {entry}: {where} has no entry for it")
                    continue
                theirs = rules_in(found[0])
                for kind, mine, other in (("range", said[0], theirs[0]),
                                          ("not with", said[1], theirs[1])):
                    if mine != other:
                        failures.append(f"{command} {entry}: --help says {kind} {sorted(mine)}, "
                                        f"{where} {sorted(other)}")
                checked += 1
    top = run([dgram, "--help"])
    help_130 = re.search(r"^  130 (.*(?:\n {7}.*)*)", top, re.M)
    man_130 = [b for t, b in bodies.get("EXIT STATUS", []) if t == "130"]
    readme_130 = re.search(r"^\| 130 \|.*$", readme, re.M)
    if not help_130 or not man_130 or not readme_130:
        failures.append("exit code 130 is missing from --help, the man page or the README")
    else:
        lists = {where: {w for w in INTERRUPTS if w in text}
                 for where, text in (("--help", help_130.group(1)), ("the man page", man_130[0]),
                                     ("the README", readme_130.group(0)))}
        for where, named in lists.items():
            if named != lists["--help"]:
                failures.append(f"exit 130: --help names {sorted(lists['--help'])}, "
                                f"{where} {sorted(named)}")
    if checked < 20:
        failures.append(f"only {checked} entries compared: the help's or a document's layout changed?")
    for failure in failures:
        print(f"FAIL: {failure}")
    if not failures:
        print(f"ok: the ranges and exclusions of {checked} entries, and what exit 130 stands for, "
              "are the same in --help, the man page and the README")
    return not failures


def check_render(man_page):
    missing = [tool for tool in ("groff", "man") if not shutil.which(tool)]
    if missing:
        print(f"SKIP: {' and '.join(missing)} not installed (Debian: groff-base, man-db)")
        sys.exit(77)
    failures = []
    groff = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z", man_page],
                           capture_output=True, text=True, timeout=30)
    if groff.returncode != 0 or groff.stderr:
        failures.append(f"groff -man -ww: exit {groff.returncode}: {groff.stderr.strip()}")
    env = dict(os.environ, MANWIDTH="80", LC_ALL="C.UTF-8")
    man = subprocess.run(["man", "--warnings", "-E", "UTF-8", "-P", "cat", "-l", man_page],
                         capture_output=True, text=True, timeout=30, env=env)
    if man.returncode != 0 or man.stderr:
        failures.append(f"man -l: exit {man.returncode}: {man.stderr.strip()}")
    elif "dgram - send and receive UDP datagrams" not in man.stdout:
        failures.append("man -l does not show the NAME line")
    for failure in failures:
        print(f"FAIL: {failure}")
    if not failures:
        print(f"ok: {man_page} renders with groff -ww and man -l without a warning "
              f"({len(man.stdout.splitlines())} lines)")
    return not failures


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "options":
        return 0 if check_options(sys.argv[2], sys.argv[3]) else 1
    if len(sys.argv) == 5 and sys.argv[1] == "rules":
        return 0 if check_rules(sys.argv[2], sys.argv[3], sys.argv[4]) else 1
    if len(sys.argv) == 3 and sys.argv[1] == "render":
        return 0 if check_render(sys.argv[2]) else 1
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main())
