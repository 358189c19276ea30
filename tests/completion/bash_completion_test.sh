#!/usr/bin/env bash
# The bash completion as bash runs it: sources `dgram completion bash`, then
# for each case sets COMP_WORDS/COMP_CWORD as bash does for a line typed up
# to the cursor, calls the completion function and checks COMPREPLY. Every
# option that `dgram COMMAND --help` lists must be offered after "-".
# Usage: bash_completion_test.sh DGRAM
set -u
dgram=$1
failed=0
checked=0
fail() {
  echo "FAIL: $*"
  failed=$((failed + 1))
}

script=$("$dgram" completion bash) || {
  echo "FAIL: dgram completion bash exited $?"
  exit 1
}
eval "$script" || {
  echo "FAIL: the script does not load"
  exit 1
}
complete -p dgram | grep -q -- '-F _dgram' || fail "complete -p dgram: $(complete -p dgram 2>&1)"

# What bash would offer for WORDS..., the last being the word at the cursor
# (bash splits "--format=j" into "--format" "=" "j"), sorted, one line.
offered() {
  COMP_WORDS=("$@")
  COMP_CWORD=$(($# - 1))
  COMP_LINE="$*"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  _dgram dgram "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
  printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort | tr '\n' ' ' | sed 's/ $//'
}

expect() {
  local want=$1
  shift
  local got
  got=$(offered "$@")
  checked=$((checked + 1))
  [ "$got" = "$want" ] || fail "'$*<TAB>' offers '$got', expected '$want'"
}

sorted() { printf '%s\n' "$@" | sort | tr '\n' ' ' | sed 's/ $//'; }

# Commands, and the options before one.
expect "$(sorted completion help listen send)" dgram ""
expect "send" dgram se
expect "listen" dgram l
expect "completion" dgram comp
expect "$(sorted --help --version)" dgram --
expect "$(sorted -h --help -V --version)" dgram -

# Each command's options: exactly what its --help lists.
for command in listen send completion; do
  want=$("$dgram" "$command" --help | sed -n 's/^  \(-[^ ,]*\)\(, \(-[^ ]*\)\)\{0,1\}.*/\1 \3/p')
  [ -n "$want" ] || fail "no options read from dgram $command --help"
  expect "$(sorted $want)" dgram "$command" -
done
expect "--format --forward --forward-budget --forward-clients --forward-idle" dgram listen --f
expect "--format" dgram listen --form
expect "$(sorted --file --format)" dgram send --f
expect "$(sorted --rate --replay --replay-from --reply)" dgram send 127.0.0.1 9 x --r
expect "--timestamps" dgram send 127.0.0.1 9 -r --times
expect "--max-size" dgram listen 9000 --max

# Values: --format's, in every spelling; none for a value only the user knows.
formats=$(sorted text hex json raw)
expect "$formats" dgram listen --format ""
expect "$formats" dgram listen -f ""
expect "json" dgram listen -f j
expect "$formats" dgram listen --format =
expect "json" dgram listen --format = j
expect "$formats" dgram send 127.0.0.1 9 x -r --format ""
expect "hex" dgram listen -q --format h
# --summary's own values, not --format's.
expect "$(sorted text json)" dgram listen --summary ""
expect "$(sorted text json)" dgram send 127.0.0.1 9 x --summary ""
expect "" dgram listen --count ""
expect "" dgram send 127.0.0.1 9 --ttl ""
expect "" dgram listen --bind ""

# Arguments: the shells, the commands of help; nothing past the last.
expect "$(sorted bash fish powershell zsh)" dgram completion ""
expect "bash" dgram completion ba
expect "powershell" dgram completion p
expect "" dgram completion bash ""
expect "$(sorted completion listen send)" dgram help ""
expect "send" dgram help s
# After "--" an argument is an argument: no options.
expect "" dgram send -- -

# Values are skipped when counting arguments: -f json is not the first one.
expect "" dgram listen -f json 9000 ""

# --file completes file names.
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
touch "$dir/payload.bin"
expect "$dir/payload.bin" dgram send 127.0.0.1 9 --file "$dir/pay"

if [ "$failed" -eq 0 ]; then
  echo "bash_completion_test: $checked completions as expected"
fi
[ "$failed" -eq 0 ]
