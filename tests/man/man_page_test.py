#!/usr/bin/env python3
"""dgram(1) kept in step with the program, and rendered without a warning.

  man_page_test.py options DGRAM MAN_PAGE   every option and argument that
      `dgram --help` and each `dgram COMMAND --help` list is a .TP entry of the
      man page's GLOBAL OPTIONS or COMMAND OPTIONS section, and every such
      entry is in --help; the commands match COMMANDS, the exit codes of the
      help's footer EXIT STATUS, and the .TH line names dgram --version.
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
    blocks, current = {}, None
    for line in text.splitlines():
        header = re.match(r"^(\w[\w ]*):$", line)
        if header:
            current = blocks.setdefault(header.group(1), [])
        elif current is not None and re.match(r"^  \S", line):
            current.append(line.split()[0])
        elif not line.strip():
            current = None
    return blocks


def help_entries(text):
    """Option names and argument names that a --help lists."""
    blocks = help_blocks(text)
    names = set(blocks.get("Arguments", []))
    for entry in blocks.get("Options", []):
        names.update(entry.split(","))
    return names


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
    commands = help_blocks(top).get("Commands", [])
    # `help` is dgram's own word, not an entry of the table.
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
    if len(sys.argv) == 3 and sys.argv[1] == "render":
        return 0 if check_render(sys.argv[2]) else 1
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main())
