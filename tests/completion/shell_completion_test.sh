#!/usr/bin/env bash
# The zsh and fish completions load in their shell without an error, and fish
# (which can list completions for a command line: complete -C) offers what it
# should. Exits 77 (skipped) when the shell is not installed (Debian: zsh,
# fish; scripts/install-deps.sh --all installs them).
# Usage: shell_completion_test.sh DGRAM zsh|fish
set -u
dgram=$1
shell=$2
if ! command -v "$shell" >/dev/null; then
  echo "SKIP: $shell is not installed (apt-get install $shell), so its completion is not loaded"
  exit 77
fi
failed=0
fail() {
  echo "FAIL: $*"
  failed=$((failed + 1))
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$dgram" completion "$shell" >"$work/script" || fail "dgram completion $shell exited $?"

case $shell in
  zsh)
    # Sourced after compinit, as a user would: no output, _dgram registered.
    out=$(HOME=$work zsh -f -c '
      autoload -Uz compinit && compinit -u -D -d "$HOME/zcompdump" || exit 3
      source "$1" || exit 4
      [[ ${_comps[dgram]} == _dgram ]] || { print "dgram is completed by: ${_comps[dgram]:-nothing}"; exit 5; }
      (( $+functions[_dgram] )) || exit 6
    ' zsh "$work/script" 2>&1)
    status=$?
    [ "$status" -eq 0 ] && [ -z "$out" ] || fail "zsh: exit $status: $out"
    # Installed as _dgram in $fpath (the package's way): autoloadable too.
    mkdir -p "$work/functions"
    cp "$work/script" "$work/functions/_dgram"
    out=$(HOME=$work zsh -f -c '
      fpath=("$1" $fpath)
      autoload -Uz compinit && compinit -u -D -d "$HOME/zcompdump2" || exit 3
      [[ ${_comps[dgram]} == _dgram ]] || { print "from fpath, dgram is completed by: ${_comps[dgram]:-nothing}"; exit 5; }
    ' zsh "$work/functions" 2>&1)
    status=$?
    [ "$status" -eq 0 ] && [ -z "$out" ] || fail "zsh from fpath: exit $status: $out"
    ;;
  fish)
    # What fish offers for a line, the candidates only.
    offered() {
      HOME=$work fish --no-config -c 'source $argv[1]; complete -C $argv[2]' "$work/script" "$1" 2>&1 |
        cut -f1 | sort | tr '\n' ' ' | sed 's/ $//'
    }
    expect() {
      local got
      got=$(offered "$2")
      [ "$got" = "$1" ] || fail "fish: '$2<TAB>' offers '$got', expected '$1'"
    }
    out=$(HOME=$work fish --no-config -c 'source $argv[1]' "$work/script" 2>&1) ||
      fail "fish: the script does not load: $out"
    [ -z "$out" ] || fail "fish: loading prints '$out'"
    expect "completion help listen send" "dgram "
    expect "send" "dgram se"
    expect "--format --forward --forward-budget --forward-clients --forward-idle" "dgram listen --f"
    expect "--format" "dgram listen --form"
    expect "--file --format" "dgram send --f"
    expect "hex json raw text" "dgram listen --format "
    expect "json text" "dgram listen --summary "
    expect "bash fish powershell zsh" "dgram completion "
    expect "completion listen send" "dgram help "
    # Options of the command given (the first word that is not an option),
    # not of a later word that names another command.
    expect "--echo --exec --exec-jobs --exec-queue --exec-timeout" "dgram listen --e"
    expect "" "dgram send h 9 listen --e"
    expect "" "dgram send h 9 listen --forward-"
    # Host names for send's HOST, from the places fish reads them (here
    # ~/.ssh/known_hosts, which this clean HOME holds); option values and
    # arguments before the cursor are counted as dgram reads them.
    mkdir -p "$work/.ssh"
    echo "dgram-peer.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGRncmFt" >"$work/.ssh/known_hosts"
    expect "dgram-peer.example" "dgram send dgram-p"
    expect "dgram-peer.example" "dgram send -4 -t 1s --ttl=3 dgram-p"
    expect "dgram-peer.example" "dgram send -- dgram-p"
    expect "" "dgram send dgram-peer.example dgram-p"
    expect "" "dgram listen dgram-p"
    expect "" "dgram listen -f json 9000 "
    ;;
  *)
    echo "usage: shell_completion_test.sh DGRAM zsh|fish"
    exit 2
    ;;
esac
if [ "$failed" -eq 0 ]; then
  echo "shell_completion_test: the $shell completion loads$([ "$shell" = fish ] && echo ' and completes commands, each command'"'"'s own options, --format values and send'"'"'s host names')"
fi
[ "$failed" -eq 0 ]
