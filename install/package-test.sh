#!/usr/bin/env bash
# The release packages as a user gets them (issue 20). Builds both with install/package.sh (from
# the jars under */target when they are there), checks the .deb's control data and contents, runs
# lintian (an error fails; each warning must be explained in docs/packaging.md), installs the .deb
# and runs `vcstoken demo` and git's credential helper from /usr/bin with no JDK reachable, removes
# it and checks that nothing of it is left, then unpacks the archive into a path with spaces and
# runs the demo from there, each flavor (rhodecode, gitlab, forgejo).
#
# usage: install/package-test.sh        (.ci/run runs it after `mvn -B verify`)
#
# In CI (CI=true) a missing tool fails its check; elsewhere the check is skipped with the reason.
# Installing the .deb puts /usr/bin/vcstoken on every user's PATH: the package is removed again as
# soon as its checks ran, and on any exit.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
ci=false
[ "${CI:-}" = true ] && ci=true
passed=0 failed=0 skipped=0
ok() { echo "ok   $*"; passed=$((passed + 1)); }
bad() { echo "FAIL $*"; failed=$((failed + 1)); }
skip() { # reason
  if $ci; then bad "$* (in CI a missing tool fails)"; else echo "skip $*"; skipped=$((skipped + 1)); fi
}
check() { # description command...: ok when the command succeeds
  local what="$1"
  shift
  if "$@"; then ok "$what"; else bad "$what"; fi
}
finish() {
  echo "package-test: $passed passed, $failed failed, $skipped skipped"
  if [ "$failed" -eq 0 ]; then exit 0; else exit 1; fi
}
missing() { # tools...: those not on PATH
  local t out=""
  for t in "$@"; do command -v "$t" >/dev/null 2>&1 || out="$out $t"; done
  printf '%s' "${out# }"
}

work="$(mktemp -d)"
installed=false
cleanup() {
  if $installed; then dpkg --purge vcstoken >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- build --------------------------------------------------------------------------------------
need="$(missing java dpkg-deb dpkg-shlibdeps file strip tar gzip unzip git)"
if [ -n "$need" ]; then
  skip "building the packages needs: $need (Debian: dpkg-dev binutils file unzip git, a JDK 17)"
  finish
fi
version="$(sed -n '/<artifactId>vcstoken-parent<\/artifactId>/{n;s:.*<version>\(.*\)</version>.*:\1:p;q}' "$root/pom.xml")"
deb="$work/out/vcstoken_${version//-/\~}_amd64.deb"
archive="$work/out/vcstoken-${version}-linux-x64.tar.gz"
no_build=""
ls "$root"/credential-helper/target/vcstoken-credential-helper-*.jar "$root"/sandbox/target/vcstoken-sandbox-*.jar \
  >/dev/null 2>&1 && no_build=--no-build
start=$(date +%s)
if "$root/install/package.sh" $no_build --out "$work/out" > "$work/package.log" 2>&1; then
  ok "install/package.sh built both packages in $(( $(date +%s) - start )) s"
else
  cat "$work/package.log"
  bad "install/package.sh failed"
  finish
fi
check "the .deb is named after the root pom's version: $(basename "$deb")" test -f "$deb"
check "the archive is named after the root pom's version: $(basename "$archive")" test -f "$archive"
[ -f "$deb" ] && [ -f "$archive" ] || finish
echo "     sizes: .deb $(du -h "$deb" | cut -f1), archive $(du -h "$archive" | cut -f1)"

# --- the .deb's control data and contents ------------------------------------------------------------
info="$(dpkg-deb --info "$deb")"
field() { dpkg-deb --field "$deb" "$1"; }
check "Package vcstoken, Architecture amd64, Version ${version//-/\~}" \
  test "$(field Package) $(field Architecture) $(field Version)" = "vcstoken amd64 ${version//-/\~}"
depends="$(field Depends)"
check "Depends only on shared libraries the runtime links ($depends)" \
  bash -c '! grep -Eiq "git|java|jdk|jre|python|mercurial|subversion" <<<"$1" && grep -q "libc6" <<<"$1"' _ "$depends"
check "git is recommended, not required" bash -c 'grep -qw git <<<"$1"' _ "$(field Recommends)"
members="$(dpkg-deb --ctrl-tarfile "$deb" | tar -t | sed 's|^\./||' | grep -v '^$' | LC_ALL=C sort | paste -sd' ')"
check "no maintainer script but prerm (control members: $members)" test "$members" = "control md5sums prerm"
prerm="$(dpkg-deb --ctrl-tarfile "$deb" | tar -xO ./prerm)"
check "prerm removes only Python's compiled copies of the hg extension, nothing of a user's" \
  test "$(grep -v -e '^#!/bin/sh$' -e '^set -e$' <<<"$prerm")" = "rm -rf /usr/share/vcstoken/hg/__pycache__"
contents="$(dpkg-deb --contents "$deb" | awk '{ print $6 }' | sed 's|^\./|/|')"
outside="$(grep -v -e '^/usr/' -e '^/$' <<<"$contents" || true)"
check "every file is under /usr (nothing in /etc or a home)" test -z "$outside"
for f in /usr/bin/vcstoken /usr/bin/git-credential-vcstoken /usr/bin/vcstoken-sandbox \
         /usr/lib/vcstoken/runtime/bin/java /usr/lib/vcstoken/runtime/lib/server/classes.jsa \
         /usr/lib/vcstoken/helper.jsa /usr/lib/vcstoken/cli.jsa /usr/lib/vcstoken/cli/vcstoken-credential-helper.jar \
         /usr/lib/vcstoken/sandbox/vcstoken-sandbox.jar /usr/share/vcstoken/hg/vcstoken.py \
         /usr/share/man/man1/vcstoken.1.gz /usr/share/man/man1/git-credential-vcstoken.1.gz \
         /usr/share/man/man1/vcstoken-sandbox.1.gz /usr/share/bash-completion/completions/vcstoken \
         /usr/share/doc/vcstoken/README.md.gz /usr/share/doc/vcstoken/copyright /usr/share/doc/vcstoken/changelog.gz; do
  grep -qxF "$f" <<<"$contents" || bad "the .deb lacks $f"
done
ok "the .deb holds the launchers, runtime, jars, class-data archives, hg extension, man pages, completion and docs"
jdk_parts="$(grep -E '/runtime/(jmods|include)/|/runtime/bin/(javac|jar|jlink|jshell)$' <<<"$contents" || true)"
check "the runtime is no JDK (no compiler, jmods or headers)" test -z "$jdk_parts"
grep -E '^ *(Depends|Recommends|Installed-Size)' <<<"$info" | sed 's/^ */     /'

# --- lintian -----------------------------------------------------------------------------------
if ! command -v lintian >/dev/null 2>&1; then
  skip "lintian: not installed (Debian: apt-get install lintian)"
else
  set +e
  lintian --tag-display-limit 0 --fail-on error "$deb" > "$work/lintian.log" 2>"$work/lintian.err"
  status=$?
  set -e
  check "lintian finds no error" test "$status" = 0 -a -z "$(grep '^E:' "$work/lintian.log")"
  grep -E '^[EW]:' "$work/lintian.log" | sed 's/^/     /' || true
  unexplained=""
  for tag in $(sed -n 's/^W: vcstoken[^:]*: \([a-z0-9-]*\).*/\1/p' "$work/lintian.log" | sort -u); do
    grep -q -- "\`$tag\`" "$root/docs/packaging.md" || unexplained="$unexplained $tag"
  done
  check "every lintian warning is explained in docs/packaging.md${unexplained:+ (not:$unexplained)}" test -z "$unexplained"
fi

# --- a PATH with the tools the demo runs, and no JDK ----------------------------------------------
tools="$work/tools"
mkdir -p "$tools"
for t in git hg svn svnadmin sh id chown kill stty readlink env cat; do
  p="$(type -P "$t" || true)"  # the program, not a shell builtin of the same name (kill)
  [ -n "$p" ] && ln -s "$(readlink -f "$p")" "$tools/$t"
done
no_jdk() { # the tool directory reaches no java and no JDK's files
  local l t
  [ -z "$(PATH="$tools" command -v java 2>/dev/null)" ] || return 1
  for l in "$tools"/*; do
    [ -e "$l" ] || { echo "dangling: $l"; return 1; }
    t="$(readlink -f "$l")"
    case "$t" in */jvm/*|*/jdk*/*|*/jre*/*) return 1 ;; esac
    [ -f "$(dirname "$(dirname "$t")")/release" ] && grep -q '^JAVA_VERSION=' "$(dirname "$(dirname "$t")")/release" && return 1
  done
  return 0
}
check "the test PATH ($(cd "$tools" && ls | paste -sd' ')) reaches no java or JDK" no_jdk
bare() { # command...: run with only HOME, PATH=tools, LANG (and CI): no JAVA_HOME, no JDK on PATH
  env -i HOME="$work/home" PATH="$tools" LANG=C.UTF-8 ${CI:+CI="$CI"} "$@"
}
demo_ok() { # vcstoken-launcher label [--flavor NAME]
  local out="$work/demo-$2.log" steps launcher="$1"
  shift 2
  mkdir -p "$work/home"
  if ! bare "$launcher" demo "$@" > "$out" 2>&1; then
    cat "$out"
    return 1
  fi
  steps="$(grep -c '^==> [0-9]*\. ' "$out")"
  grep -q "^demo: all $steps steps ok" "$out" || { cat "$out"; return 1; }
  if $ci; then
    case "$*" in
      *gitlab*) grep -q 'hg clone of a Heptapod (hg) project' "$out" || { cat "$out"; return 1; } ;;
      *forgejo*) ;;
      *) grep -q 'hg clone through the vcstoken extension' "$out" && grep -q 'svn checkout through `vcstoken svn`' "$out" \
           || { cat "$out"; return 1; } ;;
    esac
  fi
  [ -z "$(ls -A "$work/home")" ] || { echo "the demo left files in HOME: $(ls -A "$work/home")"; return 1; }
}
version_ok() { # vcstoken-launcher runtime-dir
  local v
  v="$(bare "$1" --version)"
  grep -qx "vcstoken $version, commit [0-9a-f]\{40\}\(-dirty\)\?\|vcstoken $version, commit unknown" <<<"$v" \
    && grep -qF "($2)" <<<"$v" || { echo "$v"; return 1; }
}
doctor_ok() { # vcstoken-launcher installation-line
  local d
  d="$(bare env VCSTOKEN_HOME="$work/doctor-state" "$1" doctor || true)"
  grep -qxF "ok   $2" <<<"$d" && grep -q '^ok   start-up archives: made for JDK .*, the JDK in use$' <<<"$d" \
    && ! grep -q '^FAIL start-up archives' <<<"$d" || { echo "$d"; return 1; }
}
credential_ok() { # helper-name-on-PATH: a token stored with vcstoken comes back through `git credential fill`
  local state="$work/cred-state" got secret=7ac3d0000000000000000000000000000000c0de
  rm -rf "$state"
  printf '%s\n' "$secret" | bare env VCSTOKEN_HOME="$state" "$tools/vcstoken" token add \
    https://packages.example.test/group/repo --user alice >/dev/null || return 1
  # -Xshare:on: the JVM refuses to start unless it can use the class-data archive the launcher names.
  got="$(printf 'protocol=https\nhost=packages.example.test\npath=group/repo.git\n\n' \
    | bare env VCSTOKEN_HOME="$state" GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null JAVA_TOOL_OPTIONS=-Xshare:on \
        git -c credential.helper= -c "credential.helper=$1" -c credential.useHttpPath=true credential fill 2>"$work/cred.err")" \
    || { cat "$work/cred.err"; return 1; }
  grep -qx "password=$secret" <<<"$got" && grep -qx "username=alice" <<<"$got" || { echo "$got"; cat "$work/cred.err"; return 1; }
}

# --- install the .deb, use it from /usr/bin, remove it --------------------------------------------
if [ "$(id -u)" != 0 ]; then
  skip "installing the .deb: needs root"
elif [ -n "$(missing dpkg dpkg-query)" ]; then
  skip "installing the .deb: no dpkg"
elif dpkg-query -W -f='${Status}' vcstoken 2>/dev/null | grep -q ' installed$' || [ -e /usr/bin/vcstoken ]; then
  # Someone's vcstoken: removing it afterwards would not be this test's to do.
  bad "installing the .deb: a vcstoken package or /usr/bin/vcstoken is already on this machine; remove it first"
else
  installed=true
  if dpkg -i "$deb" > "$work/dpkg.log" 2>&1; then
    ok "dpkg -i installed the .deb"
    ln -s /usr/bin/vcstoken "$tools/vcstoken"
    ln -s /usr/bin/git-credential-vcstoken "$tools/git-credential-vcstoken"
    check "vcstoken demo runs from /usr/bin with no JDK on PATH and no JAVA_HOME" demo_ok /usr/bin/vcstoken deb
    check "vcstoken --version names the pom's version, the commit and the package's runtime" \
      version_ok /usr/bin/vcstoken /usr/lib/vcstoken/runtime
    check "vcstoken doctor: a .deb installation whose start-up archives fit its runtime" \
      doctor_ok /usr/bin/vcstoken "installation: the vcstoken .deb package, in /usr"
    check "git credential fill gets a stored token through git-credential-vcstoken, from its class-data archive" \
      credential_ok vcstoken
    rm -f "$tools/vcstoken" "$tools/git-credential-vcstoken"
  else
    cat "$work/dpkg.log"
    bad "dpkg -i failed"
  fi
  dpkg --purge vcstoken > "$work/purge.log" 2>&1 || { cat "$work/purge.log"; bad "dpkg --purge failed"; }
  installed=false
  left="$(while IFS= read -r f; do
            case "$f" in */) ;; *) if [ -e "$f" ] || [ -L "$f" ]; then echo "$f"; fi ;; esac
          done <<<"$contents")"
  for d in /usr/lib/vcstoken /usr/share/vcstoken /usr/share/doc/vcstoken; do if [ -e "$d" ]; then left="$left $d"; fi; done
  check "dpkg --purge left no file of the package${left:+ (left: $left)}" test -z "$left"
  check "dpkg no longer knows the package" bash -c '! dpkg-query -W -f="\${Status}" vcstoken 2>/dev/null | grep -q " installed$"'
  grep -i 'warning' "$work/purge.log" | sed 's/^/     /' || true
fi

# --- the archive, unpacked into a path with spaces ------------------------------------------------
unpacked="$work/a dir with spaces/it's here"
mkdir -p "$unpacked"
tar -C "$unpacked" -xzf "$archive"
top="$unpacked/vcstoken-${version}-linux-x64"
check "the archive unpacks into one directory, $(basename "$top")" test -x "$top/bin/vcstoken"
ln -s "$top/bin/vcstoken" "$tools/vcstoken"
ln -s "$top/bin/git-credential-vcstoken" "$tools/git-credential-vcstoken"
check "vcstoken demo runs from the unpacked archive (a path with spaces), no JDK on PATH, no JAVA_HOME" \
  demo_ok "$top/bin/vcstoken" archive
# The other flavors run the same sandbox launcher as other forges; the archive holds the .deb's tree.
check "vcstoken demo --flavor gitlab runs from the unpacked archive" demo_ok "$top/bin/vcstoken" archive-gitlab \
  --flavor gitlab
check "vcstoken demo --flavor forgejo runs from the unpacked archive" demo_ok "$top/bin/vcstoken" archive-forgejo \
  --flavor forgejo
check "the archive's vcstoken --version names the pom's version, the commit and its runtime" \
  version_ok "$top/bin/vcstoken" "$top/lib/vcstoken/runtime"
check "vcstoken doctor: an unpacked archive whose start-up archives fit its runtime" \
  doctor_ok "$tools/vcstoken" "installation: an unpacked vcstoken archive, at $top"
check "git credential fill through the archive's helper, reached by a symbolic link on PATH" \
  credential_ok vcstoken
# A copy that does not keep the files' times still works, without its archives, and doctor says so.
cp -R "$top" "$work/copied"
copied_doctor="$(bare env VCSTOKEN_HOME="$work/doctor-state" "$work/copied/bin/vcstoken" doctor || true)"
check "doctor tells when a copy lost the files' times the archives need" \
  grep -q '^FAIL start-up archives: this run could not use them' <<<"$copied_doctor"
finish
