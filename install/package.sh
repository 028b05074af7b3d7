#!/usr/bin/env bash
# Builds the two release packages from this checkout, into build/packages/ (or --out DIR):
#   vcstoken_VERSION_amd64.deb            installs under /usr (launchers in /usr/bin)
#   vcstoken-VERSION-linux-x64.tar.gz     the same tree, runnable wherever it is unpacked
# Both carry a Java runtime of their own (jlink: only the modules the tools use, found with
# jdeps) and the class-data archives for it, so they need no JDK. The installation itself is
# install.sh's (--runtime): the same jars, launchers and training runs as a source install.
# The version is the root pom's, read back from the built jar with the commit it was built from.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: install/package.sh [--no-build] [--jdk DIR] [--out DIR] [--maintainer "NAME <EMAIL>"]

  --no-build     use the jars already built under */target (default: mvn -B -q package -DskipTests)
  --jdk DIR      the JDK (17 or newer, with jmods/) whose jlink makes the runtime and whose javac
                 builds (default: $JAVA_HOME, else the JDK of java on PATH)
  --out DIR      where the packages go (default: build/packages)
  --maintainer   the .deb's Maintainer field (default: $DEBFULLNAME <$DEBEMAIL>, else a placeholder)
USAGE
}

root="$(cd "$(dirname "$0")/.." && pwd)"
build=1
jdk=""
out="$root/build/packages"
maintainer=""
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) build=0; shift ;;
    --jdk) [ $# -ge 2 ] || { echo "package.sh: --jdk needs a directory" >&2; exit 2; }; jdk="$2"; shift 2 ;;
    --out) [ $# -ge 2 ] || { echo "package.sh: --out needs a directory" >&2; exit 2; }; out="$2"; shift 2 ;;
    --maintainer) [ $# -ge 2 ] || { echo "package.sh: --maintainer needs a value" >&2; exit 2; }; maintainer="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "package.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done
fail() { echo "package.sh: error: $*" >&2; exit 1; }

if [ -z "$jdk" ]; then
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/jlink" ]; then
    jdk="$JAVA_HOME"
  elif command -v java >/dev/null 2>&1; then
    jdk="$(cd "$(dirname "$(readlink -f "$(command -v java)")")/.." && pwd)"
  fi
fi
[ -n "$jdk" ] && [ -x "$jdk/bin/jlink" ] && [ -x "$jdk/bin/jdeps" ] && [ -d "$jdk/jmods" ] \
  || fail "no JDK with jlink, jdeps and jmods/ found (${jdk:-none}); name one with --jdk DIR (Debian: openjdk-17-jdk-headless)"
jdk_major="$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
# 17 to 24: their class-data archives are what the launchers and package-test.sh know (JDK 25 makes
# an AOT cache instead, not tried through the launchers' file descriptor).
[ "${jdk_major%%.*}" -ge 17 ] 2>/dev/null && [ "${jdk_major%%.*}" -lt 25 ] \
  || fail "$jdk is Java ${jdk_major:-unknown}; the packages are built with JDK 17 (name one with --jdk DIR)"
for tool in dpkg-deb dpkg-shlibdeps tar gzip strip file; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool is missing (Debian: apt-get install dpkg-dev binutils file)"
done

if [ "$build" = 1 ]; then
  echo "building with maven (this takes a minute the first time)..."
  (cd "$root" && JAVA_HOME="$jdk" mvn -B -q package -DskipTests)
fi
helper_jar="$(ls "$root"/credential-helper/target/vcstoken-credential-helper-*.jar 2>/dev/null | grep -v -e '-tests.jar' -e '-sources.jar' | head -n 1 || true)"
sandbox_jar="$(ls "$root"/sandbox/target/vcstoken-sandbox-*.jar 2>/dev/null | grep -v -e '-tests.jar' -e '-sources.jar' | head -n 1 || true)"
[ -n "$helper_jar" ] && [ -n "$sandbox_jar" ] \
  || fail "no built jars under $root/*/target; run without --no-build"

# The version is the root pom's: Maven wrote it, with git's commit, into the jar.
build_info="$(unzip -p "$helper_jar" org/vcstoken/build.properties 2>/dev/null || true)"
version="$(printf '%s\n' "$build_info" | sed -n 's/^version=//p')"
commit="$(printf '%s\n' "$build_info" | sed -n 's/^commit=//p')"
[ -n "$version" ] || fail "$helper_jar has no org/vcstoken/build.properties; rebuild without --no-build"
commit_short="${commit%-dirty}"
commit_short="${commit_short:0:12}${commit#"${commit%-dirty}"}"
# Debian sorts '~' before everything, so 0.1.0~SNAPSHOT comes before the release 0.1.0.
deb_version="${version//-/\~}"
# Dates in the packages (man pages, changelog) are the commit's, so that a rebuild is the same.
epoch="$(git -C "$root" log -1 --format=%ct 2>/dev/null || date +%s)"
day="$(date -u -d "@$epoch" +%Y-%m-%d)"
[ -n "$maintainer" ] || maintainer="${DEBFULLNAME:-vcstoken maintainers} <${DEBEMAIL:-vcstoken@example.org}>"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tree="$work/tree"

# 1. The runtime: the modules the three commands' jars use, as jdeps finds them, plus jdk.crypto.ec,
# the elliptic-curve TLS provider, which the JDK loads by name (jdeps cannot see it; without it an
# https server offering only ECDHE suites fails the handshake). The svnkit/ jars are a library for
# other Java tools, which run on their own JVM. java.desktop is there because Jetty and Jackson use
# java.beans; its native libraries (AWT, sound, fonts, image codecs, which would need X11, ALSA
# and more) are left out: nothing here draws or plays anything.
classpath_of() { local d; for d in "$@"; do printf '%s ' "$d"/*.jar; done; }
# shellcheck disable=SC2046
modules="$("$jdk/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 \
  "$helper_jar" $(classpath_of "$root/credential-helper/target/lib") \
  "$sandbox_jar" $(classpath_of "$root/sandbox/target/lib"))"
[ -n "$modules" ] || fail "jdeps found no modules"
modules="$modules,jdk.crypto.ec"
release_adds="$(grep -E '^(IMPLEMENTOR|JAVA_RUNTIME_VERSION)=' "$jdk/release" | paste -sd: - || true)"
echo "runtime: jlink $modules"
"$jdk/bin/jlink" --module-path "$jdk/jmods" --add-modules "$modules" \
  --strip-debug --no-header-files --no-man-pages \
  --exclude-files='glob:/java.desktop/lib/*.so' \
  ${release_adds:+--release-info "add:$release_adds"} \
  --output "$work/runtime"
# Debian's JDK libraries keep their symbol tables; a package ships them stripped, as dh_strip would.
find "$work/runtime" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jspawnhelper -o -name jexec \) -print0 \
  | while IFS= read -r -d '' f; do
      if file -b "$f" | grep -q '^ELF'; then
        strip --strip-unneeded --remove-section=.comment --remove-section=.note "$f"
      fi
    done
# The runtime's own class-data archive (lib/server/classes.jsa), for what runs without one of
# vcstoken's: the sandbox, and a launcher whose archive no longer fits.
"$work/runtime/bin/java" -Xshare:dump >/dev/null

# 2. The installation, exactly as install.sh makes it, on that runtime; its training runs build
# the class-data archives, which the launchers find wherever the tree ends up.
"$root/install/install.sh" --no-build --prefix "$tree" --runtime "$work/runtime" >/dev/null

# 3. Help as man pages, bash completion, documentation.
man="$tree/share/man/man1"
mkdir -p "$man" "$tree/share/bash-completion/completions" "$tree/share/doc/vcstoken"
roff() { # help text on stdin -> roff lines in no-fill mode, every character taken literally
  sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"
}
commands_in() { # help text on stdin -> the subcommands it lists, except help
  awk '/^Commands:$/ { on = 1; next } on && /^$/ { on = 0 } on && /^  [a-z][a-z0-9-]*  / { if ($1 != "help") print $1 }'
}
man_page() { # name summary synopsis
  local name="$1" upper
  upper="$(printf '%s' "$name" | tr 'a-z' 'A-Z')"
  printf '.TH %s 1 "%s" "vcstoken %s" "User Commands"\n' "$upper" "$day" "$version"
  printf '.SH NAME\n%s \\- %s\n' "$(printf '%s' "$name" | roff)" "$2"
  printf '.SH SYNOPSIS\n.nf\n%s\n.fi\n' "$(printf '%s' "$3" | roff)"
  printf '.SH DESCRIPTION\n.nf\n'
  "$tree/bin/$name" --help </dev/null | roff
  printf '.fi\n'
}
cli_help() { # command words: help of `vcstoken WORDS`, then of each subcommand it lists, as sections
  local help sub
  help="$("$tree/bin/vcstoken" "$@" --help </dev/null)"
  printf '.SS vcstoken %s\n.nf\n%s\n.fi\n' "$*" "$(printf '%s\n' "$help" | roff)"
  for sub in $(printf '%s\n' "$help" | commands_in); do
    cli_help "$@" "$sub"
  done
}
{
  man_page vcstoken "scoped, expiring VCS tokens for git, Mercurial and Subversion" "vcstoken COMMAND [OPTIONS] [ARGS]"
  printf '.SH COMMANDS\n'
  for sub in $("$tree/bin/vcstoken" --help </dev/null | commands_in); do cli_help "$sub"; done
  printf '.SH FILES\n.nf\n%s\n.fi\n' "$(roff <<'FILES'
~/.local/share/vcstoken/store.json    tokens and server profiles (VCSTOKEN_HOME, XDG_DATA_HOME move it)
~/.config/vcstoken/                   settings and the git configuration vcstoken writes
FILES
)"
  printf '.SH SEE ALSO\ngit\\-credential\\-vcstoken(1), vcstoken\\-sandbox(1), git\\-credential(1);\nthe README in the documentation directory (/usr/share/doc/vcstoken or share/doc/vcstoken).\n'
} > "$man/vcstoken.1"
{
  man_page git-credential-vcstoken "git credential helper answering with vcstoken's tokens" "git-credential-vcstoken get|store|erase"
  printf '.SH SEE ALSO\nvcstoken(1), gitcredentials(7)\n'
} > "$man/git-credential-vcstoken.1"
{
  man_page vcstoken-sandbox "test server imitating RhodeCode, GitLab, Forgejo and Gitea for git, hg and svn" "vcstoken-sandbox --data DIR [OPTIONS]"
  printf '.SH SEE ALSO\nvcstoken(1)\n'
} > "$man/vcstoken-sandbox.1"
# bash sources a completion file: picocli's '#!' line would only mislead.
"$jdk/bin/java" -cp "$tree/lib/vcstoken/cli/*" "$root/install/BashCompletion.java" | sed '1{/^#!/d}' \
  > "$tree/share/bash-completion/completions/vcstoken"
cp "$root/README.md" "$tree/share/doc/vcstoken/README.md"
# Licences of what the packages bundle. vcstoken's own licence is not chosen yet: said so, plainly.
{
  cat <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: vcstoken
Comment: vcstoken ${version}, commit ${commit:-unknown}.
 The vcstoken project has not chosen a licence yet. Until it publishes one, no licence to vcstoken's
 own code is granted by this package beyond what the law allows without one.

Files: *
Copyright: $(date -u -d "@$epoch" +%Y) the vcstoken authors
License: not-yet-chosen
 The licence of vcstoken's own code has not been chosen yet.

Files: lib/vcstoken/runtime/*
Copyright: Oracle and/or its affiliates, and the other OpenJDK authors
License: GPL-2 with Classpath exception
 A runtime image of OpenJDK $("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p'),
 made with jlink. Its licence and the notices of the code it includes are in
 lib/vcstoken/runtime/legal/ (one directory per module).

COPYRIGHT
  echo "Files: lib/vcstoken/*/*.jar"
  echo "Copyright: their authors, as named in each jar's META-INF"
  echo "License: various"
  echo " The libraries vcstoken bundles, by jar, with the licence their project publishes:"
  for jar in $(cd "$tree/lib/vcstoken" && ls -- */*.jar | sed 's|.*/||' | LC_ALL=C sort -u); do
    case "$jar" in
      vcstoken-*) continue ;;
      org.eclipse.jgit*) l="EDL-1.0 (BSD-3-Clause)" ;;
      jetty-*) l="EPL-2.0 or Apache-2.0" ;;
      jakarta.servlet-api-*) l="EPL-2.0 or GPL-2.0 with Classpath exception" ;;
      slf4j-*|jcl-over-slf4j-*) l="MIT" ;;
      jna-*) l="LGPL-2.1 or Apache-2.0" ;;
      eddsa-*) l="CC0-1.0" ;;
      antlr-runtime-*) l="BSD-3-Clause" ;;
      trilead-ssh2-*|jsch.agentproxy*) l="BSD-3-Clause" ;;
      svnkit-*|sqljet-*|sequence-library-*) l="TMate Open Source License (https://svnkit.com/license.html)" ;;
      *) l="Apache-2.0" ;;
    esac
    echo "   ${jar}: $l"
  done
} > "$tree/share/doc/vcstoken/copyright"
cat > "$work/changelog" <<CHANGELOG
vcstoken (${deb_version}) unstable; urgency=medium

  * Built from commit ${commit_short}.

 -- ${maintainer}  $(LC_ALL=C date -u -d "@$epoch" -R)
CHANGELOG

mkdir -p "$out"
out="$(cd "$out" && pwd)"

# 4. The archive: the tree under one top directory. cp -a and tar keep the files' times, which the
# class-data archives check.
name="vcstoken-${version}-linux-x64"
cp -a "$tree" "$work/$name"
tar -C "$work" --owner=0 --group=0 --numeric-owner -czf "$out/$name.tar.gz" "$name"
echo "built $out/$name.tar.gz"

# 5. The .deb: the tree under /usr, with Debian's compressed documentation, no maintainer scripts.
deb="$work/deb"
mkdir -p "$deb/usr" "$deb/DEBIAN"
cp -a "$tree/." "$deb/usr/"
sed -i 's/^installed-as=.*/installed-as=deb/' "$deb/usr/lib/vcstoken/archive-build"
doc="$deb/usr/share/doc/vcstoken"
gzip -9n "$deb"/usr/share/man/man1/*.1 "$doc/README.md"
gzip -9n < "$work/changelog" > "$doc/changelog.gz"
sed -i -e 's|^Files: lib/|Files: usr/lib/|' -e 's| lib/vcstoken/runtime/legal/| /usr/lib/vcstoken/runtime/legal/|' "$doc/copyright"
# Python writes compiled copies of the hg extension beside it when root runs hg with it; they are
# not the package's files, so dpkg would leave them (and their directories) behind.
cat > "$deb/DEBIAN/prerm" <<'PRERM'
#!/bin/sh
set -e
rm -rf /usr/share/vcstoken/hg/__pycache__
PRERM
chmod 755 "$deb/DEBIAN/prerm"
chmod -R u+rwX,go+rX,go-w "$deb"
# Shared libraries the runtime needs, with the versions Debian's symbol files ask for.
elves=()
while IFS= read -r -d '' f; do
  file -b "$f" | grep -q '^ELF' && elves+=("-e$f")
done < <(find "$deb/usr/lib/vcstoken/runtime" -type f -print0)
depends="$(cd "$work" && mkdir -p debian && printf 'Source: vcstoken\n\nPackage: vcstoken\nArchitecture: amd64\n' > debian/control \
  && dpkg-shlibdeps -O --ignore-missing-info -S"$deb" -l"$deb/usr/lib/vcstoken/runtime/lib" \
       -l"$deb/usr/lib/vcstoken/runtime/lib/server" "${elves[@]}" 2>"$work/shlibdeps.log" | sed -n 's/^shlibs:Depends=//p')" \
  || { cat "$work/shlibdeps.log" >&2; fail "dpkg-shlibdeps failed"; }
[ -n "$depends" ] || { cat "$work/shlibdeps.log" >&2; fail "dpkg-shlibdeps found no dependencies"; }
cat > "$deb/DEBIAN/control" <<CONTROL
Package: vcstoken
Version: ${deb_version}
Architecture: amd64
Maintainer: ${maintainer}
Installed-Size: $(du -sk "$deb/usr" | cut -f1)
Depends: ${depends}
Recommends: git
Suggests: mercurial, subversion, libsecret-tools, pass
Section: vcs
Priority: optional
Description: scoped, expiring VCS tokens for git, Mercurial and Subversion
 vcstoken hands git, Mercurial and Subversion a scoped, expiring token
 instead of a password: a git credential helper, a Mercurial extension and
 an svn wrapper that pick the token per host and per repository, never hand
 out one known to be expired or rejected, and keep secrets off command
 lines and logs. The first server family is RhodeCode.
 .
 The package carries its own Java runtime: it needs no JDK. It configures
 nothing; run "vcstoken configure" as the user who wants it.
CONTROL
(cd "$deb" && find usr -type f -print0 | LC_ALL=C sort -z | xargs -0 md5sum) > "$deb/DEBIAN/md5sums"
deb_file="$out/vcstoken_${deb_version}_amd64.deb"
# gzip: every dpkg reads it, and it takes a seventh of xz's time here for a fifth more bytes.
dpkg-deb --root-owner-group -Zgzip --build "$deb" "$deb_file" >/dev/null
echo "built $deb_file"
echo "runtime: $(du -sh "$tree/lib/vcstoken/runtime" | cut -f1) (modules: $modules)"
