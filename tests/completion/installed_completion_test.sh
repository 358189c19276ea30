#!/usr/bin/env bash
# The installed completions as each shell finds them by itself: this build
# installed with `cmake --install --prefix PREFIX` (/usr/local, the default,
# or /usr, the .deb's), then bash, zsh and fish started with their defaults
# (a clean HOME, no XDG variable, PATH with PREFIX/bin) complete dgram
# without being told where the script is:
#   bash: ~/.bashrc is Debian's /etc/skel/.bashrc (it loads bash-completion);
#     the loader bash-completion runs at the first <TAB> finds the script.
#   zsh: ~/.zshrc holds only `autoload -Uz compinit && compinit`, without
#     which zsh completes nothing; compinit finds _dgram in zsh's own $fpath.
#   fish: no configuration at all; `complete -C` autoloads dgram.fish.
# The real /usr and /etc are written without touching this machine: the test
# runs in a private mount namespace whose /usr and /etc are overlays (writes
# land in a scratch directory). That needs root and unshare(1), else the
# test is skipped (77), as it is when a shell is missing (the others are
# still checked). Usage: installed_completion_test.sh CMAKE BUILD_DIR PREFIX
set -u
cmake=$1
build=$2
prefix=$3

if [ "${4:-}" != --inside ]; then
  if [ "$(id -u)" -ne 0 ] || ! command -v unshare >/dev/null; then
    echo "SKIP: installing into $prefix and /etc in a private mount namespace needs root and unshare(1)"
    exit 77
  fi
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  unshare --mount --propagation private bash "$0" "$cmake" "$build" "$prefix" --inside "$work"
  exit $?
fi

work=$5
failed=0
missing=()
fail() {
  echo "FAIL: $*"
  failed=$((failed + 1))
}
for dir in usr etc; do
  mkdir -p "$work/$dir/upper" "$work/$dir/work"
  mount -t overlay overlay \
    -o "lowerdir=/$dir,upperdir=$work/$dir/upper,workdir=$work/$dir/work" "/$dir" || {
    echo "SKIP: cannot overlay /$dir in a mount namespace here"
    exit 77
  }
done
umask 022
"$cmake" --install "$build" --prefix "$prefix" >"$work/install.log" 2>&1 || {
  echo "FAIL: cmake --install $build --prefix $prefix: $(cat "$work/install.log")"
  exit 1
}

home=$work/home
mkdir -p "$home"
# A shell as a new user starts it: nothing of this environment but PATH.
run() {
  env -i HOME="$home" PATH="$prefix/bin:/usr/local/bin:/usr/bin:/bin" TERM=dumb "$@" \
    2>"$work/stderr" </dev/null
}

if [ -f /usr/share/bash-completion/bash_completion ] && [ -f /etc/skel/.bashrc ]; then
  cp /etc/skel/.bashrc "$home/.bashrc"
  # (bash -i without a terminal says it has no job control: stderr is not checked.)
  got=$(run bash -i -c '
    type _completion_loader >/dev/null 2>&1 || { echo "~/.bashrc did not load bash-completion"; exit 1; }
    _completion_loader dgram   # what complete -D runs at the first <TAB> after dgram
    complete -p dgram | grep -q -- "-F _dgram" || { echo "no completion registered for dgram"; exit 1; }
    shopt -s extdebug
    set -- $(declare -F _dgram)
    echo "from $3"
    COMP_WORDS=(dgram se) COMP_CWORD=1 COMP_LINE="dgram se" COMP_POINT=8
    _dgram dgram se dgram
    echo "offers ${COMPREPLY[*]}"')
  want="from $prefix/share/bash-completion/completions/dgram
offers send"
  [ "$got" = "$want" ] || fail "bash: '$got', expected '$want'"
else
  missing+=(bash-completion)
fi

if command -v zsh >/dev/null; then
  echo 'autoload -Uz compinit && compinit' >"$home/.zshrc"
  got=$(run zsh -i -c '
    print -r -- "registered ${_comps[dgram]:-nothing}"
    found=($^fpath/_dgram(N))
    print -r -- "from $found[1]"
    autoload +X _dgram 2>/dev/null && (( $+functions[_dgram] )) && print loads')
  case $prefix in
    /usr) dir=/usr/share/zsh/vendor-completions ;;
    *) dir=$prefix/share/zsh/site-functions ;;
  esac
  want="registered _dgram
from $dir/_dgram
loads"
  [ "$got" = "$want" ] || fail "zsh: '$got', expected '$want' ($(head -3 "$work/stderr"))"
else
  missing+=(zsh)
fi

if command -v fish >/dev/null; then
  got=$(run fish -c '
    for dir in $fish_complete_path
      test -f $dir/dgram.fish; and echo "from $dir/dgram.fish"; and break
    end
    echo offers (complete -C "dgram se" | string replace -r "\t.*" "")')
  case $prefix in
    /usr/local) dir=/etc/fish/completions ;;
    *) dir=$prefix/share/fish/vendor_completions.d ;;
  esac
  want="from $dir/dgram.fish
offers send"
  [ "$got" = "$want" ] || fail "fish: '$got', expected '$want' ($(head -3 "$work/stderr"))"
else
  missing+=(fish)
fi

[ "$failed" -eq 0 ] || {
  echo "(installed: $(grep -o '/[^ ]*dgram[^ ]*' "$work/install.log" | tr '\n' ' '))"
  exit 1
}
if [ "${#missing[@]}" -gt 0 ]; then
  echo "SKIP: ${missing[*]} not installed (scripts/install-deps.sh --all); the other shells found" \
    "the completion installed under $prefix"
  exit 77
fi
echo "installed_completion_test: after cmake --install --prefix $prefix, bash, zsh and fish" \
  "started with their defaults find and load dgram's completion"
