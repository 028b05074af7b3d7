#!/usr/bin/env bash
# Start-up benchmark of the git credential helper. Measures, in one run and on one JVM with the
# same flags: `git credential fill` through our helper (10 and 10,000 stored tokens, 1,000
# servers), through git's own C `git credential-store` (the floor), and a bare `java` start of a
# hello-world; also the helper's get with svn configured (configure --svn's index present).
# Prints a table: what, median, min, max, ratio to the bare JVM start.
#
# usage: bench/run.sh [--runs N] [--prefix DIR] [--compare DIR]   (default 20 runs; installs into a
#        temp prefix unless --prefix points at an existing installation: a source install, an
#        unpacked archive or /usr for the .deb). --compare DIR measures a second installation in
#        the same rounds (bare java start, get, fill) and prints its get against the first's.
set -euo pipefail
runs=20
prefix=""
compare=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --prefix) prefix="$2"; shift 2 ;;
    --compare) compare="$2"; shift 2 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if [ -z "$prefix" ]; then
  prefix="$work/prefix"
  if ls "$root"/credential-helper/target/vcstoken-credential-helper-*.jar >/dev/null 2>&1; then
    "$root/install/install.sh" --prefix "$prefix" --no-build >/dev/null
  else
    "$root/install/install.sh" --prefix "$prefix" >/dev/null
  fi
fi
# The java an installation's launchers run, as install.sh recorded it (a packaged tree's relative
# to lib/vcstoken), and the helper's JVM flags (collector, heap, JIT) from its launcher: the
# hello-world runs with exactly these.
java_of() { # prefix
  local lib="$1/lib/vcstoken" j
  j="$(sed -n 's/^java=//p' "$lib/archive-build" 2>/dev/null || true)"
  [ -n "$j" ] || { echo "run.sh: no $lib/archive-build; reinstall with this checkout's install.sh" >&2; exit 1; }
  case "$j" in /*) printf '%s' "$j" ;; *) printf '%s' "$lib/$j" ;; esac
}
flags_of() { # prefix
  local f
  f="$(sed -n 's/^FLAGS="\(.*\)"$/\1/p' "$1/bin/git-credential-vcstoken")"
  [ -n "$f" ] || { echo "run.sh: no FLAGS line in $1/bin/git-credential-vcstoken; reinstall with this checkout's install.sh" >&2; exit 1; }
  printf '%s' "$f"
}
helper="$prefix/bin/git-credential-vcstoken"
java="$(java_of "$prefix")"
flags="$(flags_of "$prefix")"
if [ -n "$compare" ]; then
  helper2="$compare/bin/git-credential-vcstoken"
  java2="$(java_of "$compare")"
  flags2="$(flags_of "$compare")"
fi

# A hello-world on the same JVM and flags: the cost of starting Java at all.
mkdir -p "$work/hello"
cat > "$work/hello/Hello.java" <<'JAVA'
public class Hello { public static void main(String[] a) { System.out.println("username=x\npassword=y"); } }
JAVA
# A packaged runtime has no compiler: then the JDK's (JAVA_HOME, else javac on PATH) compiles for 17.
javac="$(dirname "$java")/javac"
[ -x "$javac" ] || javac="${JAVA_HOME:+$JAVA_HOME/bin/}javac"
"$javac" --release 17 -d "$work/hello" "$work/hello/Hello.java"

# Stores: 10 tokens on 10 servers, and 10,000 tokens on 1,000 servers; the request hits one.
make_store() { # dir servers tokens
  local dir=$1 servers=$2 tokens=$3 i s
  mkdir -p "$dir"; chmod 700 "$dir"
  {
    printf '{"version":1,"servers":['
    for ((s = 0; s < servers; s++)); do
      [ $s -gt 0 ] && printf ','
      printf '{"url":"https://host%d.example.com","kind":"rhodecode","user":"alice","scope":"repo","lifetime":"PT720H","renew_before":null,"allow_http":false}' $s
    done
    printf '],"tokens":['
    for ((i = 0; i < tokens; i++)); do
      [ $i -gt 0 ] && printf ','
      printf '{"id":"%08x","server":"https://host%d.example.com","user":"alice","role":"vcs","scope":"group/repo%d","expires":"2099-01-01T00:00:00Z","description":"","created":"2026-01-01T00:00:00Z","origin":"manual","confirmed":null,"rejected":null,"secret":"%040x"}' \
        $i $((i % servers)) $((i / servers)) $i
    done
    printf ']}\n'
  } > "$dir/store.json"
  chmod 600 "$dir/store.json"
}
make_store "$work/small" 10 10
make_store "$work/large" 1000 10000
# Let vcstoken rewrite both stores once, so they have the layout it writes itself.
for s in small large; do
  VCSTOKEN_HOME="$work/$s" "$prefix/bin/vcstoken" server add https://bench.example.com --user alice >/dev/null
done

# The small store with svn configured for its 10 servers (configure --svn's index; no cached token
# has expired): a get then reads the index and compares each expiry with the clock.
cp -a "$work/small" "$work/svn"
for ((s = 0; s < 10; s++)); do
  printf 'https://host%d.example.com\t<https://host%d.example.com:443> RhodeCode\t%s/.subversion/auth/svn.simple\t%064x\t4102444800\n' \
    $s $s "$work" $s
done > "$work/svn/svn-auth.index"
chmod 600 "$work/svn/svn-auth.index"

export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$work/gitconfig" GIT_TERMINAL_PROMPT=0 HOME="$work"
printf 'https://alice:%040x@host7.example.com/group/repo0\n' 7 > "$work/git-credentials"
request=$'protocol=https\nhost=host7.example.com\npath=group/repo0\n\n'

fill() { git -c credential.helper= -c "credential.helper=$1" -c credential.useHttpPath=true credential fill; }
# git runs a helper given by its path through the shell: a path with spaces or quotes becomes a
# snippet (!'path'), as `vcstoken configure` writes it (a plain path runs without a shell).
shq() {
  case "$1" in
    *[!A-Za-z0-9_./+-]*) printf "!'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")" ;;
    *) printf '%s' "$1" ;;
  esac
}
fill_small() { VCSTOKEN_HOME="$work/small" fill "$(shq "$helper")"; }
fill_large() { VCSTOKEN_HOME="$work/large" fill "$(shq "$helper")"; }
fill_store() { fill "store --file=$work/git-credentials"; }
bare_java() { "$java" $flags -cp "$work/hello" Hello; }
helper_small() { VCSTOKEN_HOME="$work/small" "$helper" get; }
# What git runs after every operation that authenticated: a confirmation of the token it was given.
# The first one records it; the measured ones find it confirmed recently and write nothing.
confirmation="$(printf 'protocol=https\nhost=host7.example.com\npath=group/repo0\nusername=alice\npassword=%040x\n' 7)"
helper_store() { VCSTOKEN_HOME="$work/small" "$helper" store <<<"$confirmation"; }
helper_store_large() { VCSTOKEN_HOME="$work/large" "$helper" store <<<"$confirmation"; }
bare_java2() { "$java2" $flags2 -cp "$work/hello" Hello; }
helper_small2() { VCSTOKEN_HOME="$work/small" "$helper2" get; }
fill_small2() { VCSTOKEN_HOME="$work/small" fill "$(shq "$helper2")"; }
helper_svn() { VCSTOKEN_HOME="$work/svn" "$helper" get; }
helper_svn2() { VCSTOKEN_HOME="$work/svn" "$helper2" get; }

# The cases run round-robin (one of each, then again), so that a machine busy with other work
# slows all of them alike instead of whichever block happened to run at the time.
labels=("bare java start (hello world)" "helper get, 10 tokens (direct)" "git credential fill, helper, 10 tokens"
        "git credential fill, helper, 10,000 tokens" "git credential fill, credential-store (C)"
        "helper store (confirmation, nothing to write)" "helper store, 10,000 tokens")
cases=(bare_java helper_small fill_small fill_large fill_store helper_store helper_store_large)
if [ -n "$compare" ]; then
  labels+=("compare: bare java start (hello world)" "compare: helper get, 10 tokens (direct)"
           "compare: git credential fill, helper, 10 tokens")
  cases+=(bare_java2 helper_small2 fill_small2)
fi
# Appended last, so that the rows above keep their numbers.
labels+=("helper get, 10 tokens, svn configured")
cases+=(helper_svn)
if [ -n "$compare" ]; then
  labels+=("compare: helper get, 10 tokens, svn configured")
  cases+=(helper_svn2)
fi
for c in "${cases[@]}"; do
  "$c" >/dev/null 2>&1 <<<"$request" || { echo "run.sh: '$c' failed" >&2; "$c" <<<"$request" >&2; exit 1; }
  : > "$work/t.$c"
  : > "$work/c.$c"
done
# Besides the wall time, the CPU time (user + system, the case's processes together): on a shared
# machine a busy neighbour stretches the wall time far more than the work done.
TIMEFORMAT='%3U %3S'
for ((i = 0; i < runs; i++)); do
  for c in "${cases[@]}"; do
    start=$(date +%s%N)
    { time "$c" >/dev/null 2>&1 <<<"$request"; } 2>"$work/cpu"
    end=$(date +%s%N)
    echo $(( (end - start) / 1000 )) >> "$work/t.$c"
    read -r user sys < "$work/cpu"
    echo $(( (10#${user/./} + 10#${sys/./}) * 1000 )) >> "$work/c.$c"
  done
done
: > "$work/results"
for k in "${!cases[@]}"; do
  sort -n "$work/t.${cases[$k]}" > "$work/t"
  n=$(wc -l < "$work/t"); min=$(head -n 1 "$work/t"); max=$(tail -n 1 "$work/t")
  med=$(sed -n "$(( (n + 1) / 2 ))p" "$work/t")
  cpu=$(sort -n "$work/c.${cases[$k]}" | sed -n "$(( (n + 1) / 2 ))p")
  echo "${labels[$k]}|$med|$min|$max|$cpu" >> "$work/results"
done

base=$(head -n 1 "$work/results" | cut -d'|' -f2)
small=$(sed -n 3p "$work/results" | cut -d'|' -f2)
echo "vcstoken helper start-up, $runs runs each, $(nproc) cores, $("$java" -version 2>&1 | head -n 1)"
echo "installation: $prefix${compare:+; compare: $compare}"
printf '%-46s %10s %10s %10s %8s %8s\n' "what" "median ms" "min ms" "max ms" "ratio" "cpu ms"
while IFS='|' read -r label med min max cpu; do
  awk -v l="$label" -v md="$med" -v mn="$min" -v mx="$max" -v b="$base" -v c="$cpu" \
    'BEGIN { printf "%-46s %10.1f %10.1f %10.1f %8.2f %8.0f\n", l, md / 1000, mn / 1000, mx / 1000, md / b, c / 1000 }'
done < "$work/results"
large=$(sed -n 4p "$work/results" | cut -d'|' -f2)
awk -v a="$large" -v b="$small" 'BEGIN { printf "10,000 tokens vs 10 tokens (git credential fill): %.2fx\n", a / b }' 
if [ -n "$compare" ]; then
  get1=$(sed -n 2p "$work/results" | cut -d'|' -f2)
  get2=$(sed -n 9p "$work/results" | cut -d'|' -f2)
  fill2=$(sed -n 10p "$work/results" | cut -d'|' -f2)
  awk -v a="$get2" -v b="$get1" -v c="$fill2" -v d="$small" \
    'BEGIN { printf "compare vs first: helper get %.3fx, git credential fill %.3fx (ratio of medians)\n", a / b, c / d }'
  # The same, round by round: each round runs both within a second, so a busy spell slows both.
  paired() { # case-a case-b: median of a/b over the rounds
    paste -d' ' "$work/t.$1" "$work/t.$2" | awk '{ print $1 / $2 }' | sort -g \
      | awk '{ r[NR] = $1 } END { printf "%.3f", r[int((NR + 1) / 2)] }'
  }
  echo "compare vs first: helper get $(paired helper_small2 helper_small)x, git credential fill $(paired fill_small2 fill_small)x (median of per-round ratios)"
  cpu1=$(sed -n 2p "$work/results" | cut -d'|' -f5)
  cpu2=$(sed -n 9p "$work/results" | cut -d'|' -f5)
  awk -v a="$cpu2" -v b="$cpu1" 'BEGIN { printf "compare vs first: helper get %.3fx in CPU time (median)\n", a / b }'
  svn1=$(sed -n 11p "$work/results" | cut -d'|' -f2); svn2=$(sed -n 12p "$work/results" | cut -d'|' -f2)
  svncpu1=$(sed -n 11p "$work/results" | cut -d'|' -f5); svncpu2=$(sed -n 12p "$work/results" | cut -d'|' -f5)
  awk -v a="$svn2" -v b="$svn1" -v c="$svncpu2" -v d="$svncpu1" -v p="$(paired helper_svn2 helper_svn)" \
    'BEGIN { printf "compare vs first, svn configured: helper get %.3fx (ratio of medians), %sx (per round), %.3fx in CPU time\n", a / b, p, c / d }'
fi
