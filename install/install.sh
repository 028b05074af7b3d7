#!/usr/bin/env bash
# Installs vcstoken under a prefix: DIR/bin/vcstoken, DIR/bin/git-credential-vcstoken,
# DIR/bin/vcstoken-sandbox, DIR/bin/vcstoken-uninstall, the hg extension under
# DIR/share/vcstoken/hg/, and the jars under DIR/lib/vcstoken/. It configures nothing:
# run `vcstoken configure` afterwards.
#
# install/package.sh builds the .deb and the archive with it (--runtime): the same tree, with a
# Java runtime of its own and launchers that find everything relative to where they are.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: install/install.sh [--prefix DIR] [--no-build] [--java PATH]

  --prefix DIR   where to install (default: $HOME/.local)
  --no-build     use the jars already built under */target (default: run `mvn -B -q package -DskipTests`)
  --java PATH    the java (17 or newer) the launchers run (default: $JAVA_HOME/bin/java, else java on PATH)
  --runtime DIR  (for install/package.sh) copy this Java runtime image into PREFIX/lib/vcstoken/runtime,
                 run on it, and write launchers that find their files relative to where they are
                 (no uninstaller: a package manager or `rm -r` removes the tree)
USAGE
}

prefix="${HOME}/.local"
build=1
java=""
runtime=""
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) [ $# -ge 2 ] || { echo "install.sh: --prefix needs a directory" >&2; exit 2; }; prefix="$2"; shift 2 ;;
    --prefix=*) prefix="${1#--prefix=}"; shift ;;
    --no-build) build=0; shift ;;
    --java) [ $# -ge 2 ] || { echo "install.sh: --java needs a path" >&2; exit 2; }; java="$2"; shift 2 ;;
    --runtime) [ $# -ge 2 ] || { echo "install.sh: --runtime needs a directory" >&2; exit 2; }; runtime="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

# The prefix ends up in class paths, where ':' separates entries and cannot be escaped, and in
# the uninstaller's list of files, one per line.
case "$prefix" in
  *:*|*"
"*) echo "install.sh: error: the prefix must not contain ':' or a line break: $prefix" >&2; exit 2 ;;
esac
root="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$prefix"
prefix="$(cd "$prefix" && pwd)"

if [ -n "$runtime" ]; then
  [ -x "$runtime/bin/java" ] || { echo "install.sh: error: no bin/java in the runtime $runtime" >&2; exit 2; }
  runtime="$(cd "$runtime" && pwd)"
  java="$runtime/bin/java"
fi
if [ -z "$java" ]; then
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    java="$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then
    java="$(readlink -f "$(command -v java)")"
  else
    echo "install.sh: error: no java found; install JDK 17 or set JAVA_HOME" >&2
    exit 1
  fi
fi
case "$java" in
  *"
"*) echo "install.sh: error: the java path must not contain a line break: $java" >&2; exit 2 ;;
esac
java_settings="$("$java" -XshowSettings:properties -version 2>&1 || true)"
java_major="$(printf '%s\n' "$java_settings" | sed -n 's/^ *java.specification.version = //p')"
java_home="$(printf '%s\n' "$java_settings" | sed -n 's/^ *java.home = //p')"
if [ -z "$java_major" ] || [ "${java_major%%.*}" -lt 17 ] 2>/dev/null; then
  echo "install.sh: error: $java is Java ${java_major:-unknown}; vcstoken needs 17 or newer (use --java PATH)" >&2
  exit 1
fi

if [ "$build" = 1 ]; then
  echo "building with maven (this takes a minute the first time)..."
  (cd "$root" && mvn -B -q package -DskipTests)
fi

helper_jar="$(ls "$root"/credential-helper/target/vcstoken-credential-helper-*.jar 2>/dev/null | grep -v -e '-tests.jar' -e '-sources.jar' | head -n 1 || true)"
if [ -z "$helper_jar" ] || [ ! -d "$root/credential-helper/target/lib" ]; then
  echo "install.sh: error: no built jars under $root/credential-helper/target; run without --no-build" >&2
  exit 1
fi

lib="$prefix/lib/vcstoken"
bin="$prefix/bin"
share="$prefix/share/vcstoken"
rm -rf "$lib"
mkdir -p "$lib/cli" "$lib/sandbox" "$bin" "$share/hg"
manifest="$lib/MANIFEST"
if [ -n "$runtime" ]; then
  # A tree that moves (an archive unpacked anywhere, a package under /usr): its runtime goes with it.
  cp -a "$runtime" "$lib/runtime"
  java="$lib/runtime/bin/java"
  java_home="$lib/runtime"
fi

cp "$helper_jar" "$lib/cli/vcstoken-credential-helper.jar"
cp "$root"/credential-helper/target/lib/*.jar "$lib/cli/"
jackson_core="$(cd "$lib/cli" && ls jackson-core-*.jar | head -n 1)"

sandbox_jar="$(ls "$root"/sandbox/target/vcstoken-sandbox-*.jar 2>/dev/null | grep -v -e '-tests.jar' -e '-sources.jar' | head -n 1 || true)"
if [ -n "$sandbox_jar" ] && [ -d "$root/sandbox/target/lib" ]; then
  cp "$sandbox_jar" "$lib/sandbox/vcstoken-sandbox.jar"
  cp "$root"/sandbox/target/lib/*.jar "$lib/sandbox/"
fi
# The SVNKit provider is a library for Java tools, not a command: its jar and its runtime
# dependencies (SVNKit, the broker) go to lib/vcstoken/svnkit/ for a tool's classpath.
svnkit_jar="$(ls "$root"/svn-provider/target/vcstoken-svn-provider-*.jar 2>/dev/null | grep -v -e '-tests.jar' -e '-sources.jar' | head -n 1 || true)"
if [ -n "$svnkit_jar" ] && [ -d "$root/svn-provider/target/lib" ]; then
  mkdir -p "$lib/svnkit"
  cp "$svnkit_jar" "$lib/svnkit/vcstoken-svn-provider.jar"
  cp "$root"/svn-provider/target/lib/*.jar "$lib/svnkit/"
fi
# A signed jar makes the JVM check a digest and the signature for every class loaded from it, and
# JGit's jar is signed: that cost a `vcstoken clone` about 150 ms. The launchers' own copies (cli/
# and sandbox/) are made unsigned; the jars were checked against their checksums when Maven fetched
# them. The SVNKit library directory, which other tools put on their class path, is left as it is.
unsign() { # dir
  command -v zip >/dev/null 2>&1 && command -v unzip >/dev/null 2>&1 || return 0
  local j
  for j in "$1"/*.jar; do
    [ -f "$j" ] || continue
    # Not grep -q: it would stop reading early, and pipefail would count unzip's broken pipe.
    if unzip -Z1 "$j" 2>/dev/null | grep -E '^META-INF/[^/]+\.(SF|RSA|DSA|EC)$' >/dev/null; then
      zip -q -d "$j" 'META-INF/*.SF' 'META-INF/*.RSA' 'META-INF/*.DSA' 'META-INF/*.EC' >/dev/null 2>&1 || true
    fi
  done
}
unsign "$lib/cli"
unsign "$lib/sandbox"
if [ -f "$root/hg-extension-bridge/src/main/python/vcstoken.py" ]; then
  cp "$root/hg-extension-bridge/src/main/python/vcstoken.py" "$share/hg/vcstoken.py"
fi

# Flags for a process that lives for a fraction of a second: no JIT tiers beyond C1, no perf-data
# file. JVM log lines go to stderr: stdout belongs to git's protocol.
fast_flags='-XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xlog:disable -Xlog:all=error:stderr'
# The credential helper also uses G1 with a small heap: on JDK 17 only G1 maps the objects the JDK's
# own class-data archive holds (the module graph among them), and a heap under 4 GB keeps their
# compressed pointers as archived, so nothing needs patching at start. 128 MB is ample for a store
# of ten thousand tokens. Compiling only methods run ten times more often than usual keeps the JIT
# from spending a lookup's few milliseconds on code that runs once, and still compiles the hot
# loops of the rare create-or-renew path (TLS, JSON).
helper_flags="$fast_flags -XX:+UseG1GC -Xmx128m -XX:CompileThresholdScaling=10"

# Paths go into the launchers as single-quoted shell words, so that none of their characters
# (quotes, '$', backquotes, backslashes, spaces) is ever read as shell syntax.
shq() { # text: the text as one single-quoted shell word
  printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"
}
# A source install's launchers name the prefix and the java. A relocatable tree's (--runtime) find
# both from their own path, following a symbolic link to the launcher (one readlink only then).
# The JVM of a relocatable tree reaches its jars and archives through file descriptor 9, opened on
# lib/vcstoken by the launcher: a JDK 17 class-data archive is usable only with exactly the class
# path it was made with, which /proc/self/fd/9/... is wherever the tree was unpacked or installed
# (and whatever characters its path holds), so package.sh builds the archives once. Java closes
# the descriptor in every process it starts.
if [ -n "$runtime" ]; then
  # shellcheck disable=SC2016
  locate='SELF=$0
if [ -L "$SELF" ]; then SELF=$(readlink -f -- "$SELF"); fi
case $SELF in */*) LIB=${SELF%/*}/../lib/vcstoken ;; *) LIB=../lib/vcstoken ;; esac
JAVA_INSTALLED=$LIB/runtime/bin/java'
  open_lib='exec 9<"$LIB" || exit 1
'
  cpl=/proc/self/fd/9
else
  locate="JAVA_INSTALLED=$(shq "$java")"
  open_lib=""
  cpl='$LIB'
fi
write_launcher() { # name flags java-options main-class extra-env
  local file="$bin/$1" lib_line="LIB=$(shq "$lib")"
  [ -n "$runtime" ] && lib_line=""
  cat > "$file" <<LAUNCHER
#!/bin/sh
# Generated by vcstoken's install.sh; reinstall to change.
$locate
JAVA="\${VCSTOKEN_JAVA:-\$JAVA_INSTALLED}"
${lib_line:+$lib_line
}FLAGS="$2"
$5
${open_lib}exec "\$JAVA" \$FLAGS \${VCSTOKEN_CDS:+"\$VCSTOKEN_CDS"} $3 $4 "\$@"
LAUNCHER
  chmod 755 "$file"
  echo "$file" >> "$manifest"
}

: > "$manifest"
# The launcher uses whichever start-up archive the installer could build: an AOT cache on JDK 25+,
# its own class-data archive on 17-24. Without either it still works, a little slower.
# An archive fits only the JDK build that made it. With another java (VCSTOKEN_JAVA) the JVM would
# print an error on each run; after an update of the same JDK it would silently run with no
# archive at all, the JDK's own included (about 3x slower). So the launcher uses it only when
# java is the one it was made by and the JDK's release file still names the same build: a few
# lines read by the shell itself (the file's time is no help: packages keep their build times).
# The JDK's own home (java.home), whatever symbolic links led to $java.
java_release="${java_home:-$(cd "$(dirname "$java")/.." && pwd)}/release"
java_build_line="$(grep -m 1 '^JAVA_RUNTIME_VERSION=' "$java_release" 2>/dev/null || true)"
same_java='[ "$JAVA" = "$JAVA_INSTALLED" ]'
release_line=""
case "$java_build_line" in
  "") ;;  # no release file: the java path alone decides
  *) release_line="JAVA_RELEASE=$(shq "$java_release")"
     # shellcheck disable=SC2016
     [ -n "$runtime" ] && release_line='JAVA_RELEASE=$LIB/runtime/release'
     same_java="$same_java"' && [ -r "$JAVA_RELEASE" ] && { build=; while IFS= read -r line; do case $line in JAVA_RUNTIME_VERSION=*) build=$line; break;; esac; done < "$JAVA_RELEASE"; [ "$build" = '"$(shq "$java_build_line")"' ]; }' ;;
esac
# What `vcstoken doctor` compares with the JDK it finds, to say when the archives no longer fit, and
# which kind of installation this is (package.sh makes a deb's say so). A relocatable tree's paths
# are relative to lib/vcstoken.
if [ -n "$runtime" ]; then
  printf 'java=runtime/bin/java\nrelease=runtime/release\n%s\ninstalled-as=archive\n' "$java_build_line" > "$lib/archive-build"
else
  printf 'java=%s\nrelease=%s\n%s\ninstalled-as=source\n' "$java" "$java_release" "$java_build_line" > "$lib/archive-build"
fi
cds_line="$release_line"'
VCSTOKEN_CDS=""
if '"$same_java"'; then
  if [ -f "$LIB/helper.aot" ]; then VCSTOKEN_CDS="-XX:AOTCache='"$cpl"'/helper.aot"; elif [ -f "$LIB/helper.jsa" ]; then VCSTOKEN_CDS="-XX:SharedArchiveFile='"$cpl"'/helper.jsa"; fi
fi'
# commons-exec and jsoup come after the archived jars (a class-path suffix keeps the archive
# usable): only the create-a-token fallback (askpass programs, the browser, git config, RhodeCode's
# web pages) and a secret written to a keyring load them; a get reads a keyring's secret without them.
# (Putting the jars on the boot class path instead was measured slower: it turns off the JDK
# archive's module graph, which costs more than the class loader calls it saves.)
commons_exec="$(cd "$lib/cli" && ls commons-exec-*.jar | head -n 1)"
jsoup="$(cd "$lib/cli" && ls jsoup-*.jar | head -n 1)"
helper_cp="$cpl/cli/vcstoken-credential-helper.jar:$cpl/cli/$jackson_core:$cpl/cli/$commons_exec:$cpl/cli/$jsoup"
write_launcher git-credential-vcstoken "$helper_flags" "-cp \"$helper_cp\"" org.vcstoken.git.GitCredentialMain "$cds_line"
# The class path of `vcstoken` names its jars one by one, in a fixed order: its class-data archive
# is only usable with exactly the class path it was made with.
cli_flags="$fast_flags -XX:+UseSerialGC"
cli_jars="$(cd "$lib/cli" && ls -- *.jar | LC_ALL=C sort)"
jar_path() { # directory: the jars of cli_jars under it, joined by ':'
  local jar out=""
  for jar in $cli_jars; do out="${out:+$out:}$1/$jar"; done
  printf '%s' "$out"
}
cli_cp="$(jar_path "$cpl/cli")"
cli_cds_line="$release_line"'
VCSTOKEN_CDS=""
if '"$same_java"' && [ -f "$LIB/cli.jsa" ]; then VCSTOKEN_CDS="-XX:SharedArchiveFile='"$cpl"'/cli.jsa"; fi'
# The prefix `vcstoken` tells its commands (configure writes the helper's path into git's
# configuration, the hg extension's into ~/.hgrc): absolute and without symbolic links.
if [ -n "$runtime" ]; then
  # shellcheck disable=SC2016
  prefix_line='VCSTOKEN_PREFIX=$(cd -P -- "$LIB/../.." && pwd); VCSTOKEN_GIT_HELPER=$VCSTOKEN_PREFIX/bin/git-credential-vcstoken'
else
  prefix_line="VCSTOKEN_GIT_HELPER=$(shq "$bin/git-credential-vcstoken"); VCSTOKEN_PREFIX=$(shq "$prefix")"
fi
write_launcher vcstoken "$cli_flags" "-cp \"$cli_cp\"" org.vcstoken.cli.VcstokenMain \
  "$cli_cds_line
$prefix_line; export VCSTOKEN_GIT_HELPER VCSTOKEN_PREFIX"
if [ -f "$lib/sandbox/vcstoken-sandbox.jar" ]; then
  write_launcher vcstoken-sandbox "$fast_flags -XX:+UseSerialGC" "-cp \"$cpl/sandbox/*\"" org.vcstoken.sandbox.SandboxMain 'VCSTOKEN_CDS=""'
fi

if [ -z "$runtime" ]; then
  cp "$root/install/uninstall.sh" "$bin/vcstoken-uninstall"
  chmod 755 "$bin/vcstoken-uninstall"
  echo "$bin/vcstoken-uninstall" >> "$manifest"
  [ -f "$share/hg/vcstoken.py" ] && echo "$share/hg/vcstoken.py" >> "$manifest"
else
  rm -f "$manifest"
fi

# A class-data-sharing archive of what a `get` loads makes every git credential call start
# faster. Built from one real `get` against a throw-away store holding one token, so that the
# classes that parse, select and answer are all in it; the launcher works without it.
tmp_home="$(mktemp -d)"
chmod 700 "$tmp_home"
# The training runs must not use the installing user's vcstoken settings: VCSTOKEN_STORE would
# put the training tokens into their keyring or pass store, VCSTOKEN_TOKEN/URL would answer instead
# of the store, VCSTOKEN_TRACE would log. None of them is needed from here on.
for v in $(compgen -e); do
  case $v in VCSTOKEN_*) unset "$v" ;; esac
done
# The store is written by vcstoken itself, so the archive also holds the classes of the
# indexed lookup that reads only one host's part of it.
# Two tokens, one skipped (another repository) and one chosen, so that both code paths are in it.
printf '%s\n' 0000000000000000000000000000000000000000 \
  | VCSTOKEN_HOME="$tmp_home" "$bin/vcstoken" token add https://example.invalid --user u --lifetime 3650d >/dev/null 2>&1 || true
printf '%s\n' 1111111111111111111111111111111111111111 \
  | VCSTOKEN_HOME="$tmp_home" "$bin/vcstoken" token add https://example.invalid/group/other --user u >/dev/null 2>&1 || true
# The training runs name the jars as the launchers will (see write_launcher): a relocatable tree's
# through descriptor 9, which every java command below gets opened on lib/vcstoken.
train_root="$lib"
[ -n "$runtime" ] && train_root=/proc/self/fd/9
helper_train_cp="$train_root/cli/vcstoken-credential-helper.jar:$train_root/cli/$jackson_core"
train_helper() { # action java-options...: one training run of the helper
  local action="$1" request='protocol=https\nhost=example.invalid\npath=group/repo.git\n'
  shift
  # `store` confirms the token a `get` chose, as git does after an operation that authenticated.
  [ "$action" = store ] && request="${request}username=u\npassword=0000000000000000000000000000000000000000\n"
  # shellcheck disable=SC2086
  printf "$request\n" | VCSTOKEN_HOME="$tmp_home" "$java" "$@" \
    $helper_flags -cp "$helper_train_cp" org.vcstoken.git.GitCredentialMain "$action" >/dev/null 2>&1 9<"$lib"
}
rm -f "$lib/helper.jsa" "$lib/helper.aot"
if [ "${java_major%%.*}" -ge 25 ]; then
  # JDK 25: classes loaded and linked ahead of time (from one process, so from a `get` only).
  train_helper get "-XX:AOTCacheOutput=$lib/helper.aot" || rm -f "$lib/helper.aot"
else
  # JDK 17-24: a static archive of exactly the classes a `get` and a `store` load, the JDK's own
  # among them, used instead of the JDK's default archive. The JVM relocates an archive at every
  # start (the address is randomised), so the cost grows with its size: this one holds about 600
  # classes where the JDK's default archive plus a dynamic archive on top hold 1,500 more, and a
  # `get` starts as fast as a hello-world with the default archive (measured 5 ms less than the
  # dynamic archive; docs/benchmarks.md). git runs `store` after every operation that
  # authenticated; recorded is the usual one, which finds the token confirmed recently and writes
  # nothing (the first confirms it). Made with the launcher's flags (collector, heap size), which
  # decide whether the JVM can map it.
  # shellcheck disable=SC2086
  train_helper get "-XX:DumpLoadedClassList=$tmp_home/get.classlist" \
    && train_helper store \
    && train_helper store "-XX:DumpLoadedClassList=$tmp_home/store.classlist" \
    && cat "$tmp_home/get.classlist" "$tmp_home/store.classlist" | awk '!seen[$0]++' > "$tmp_home/helper.classlist" \
    && "$java" -Xshare:dump "-XX:SharedClassListFile=$tmp_home/helper.classlist" "-XX:SharedArchiveFile=$lib/helper.jsa" \
         $helper_flags -cp "$helper_train_cp" >/dev/null 2>&1 9<"$lib" \
    || rm -f "$lib/helper.jsa"
fi
if [ ! -f "$lib/helper.jsa" ] && [ ! -f "$lib/helper.aot" ]; then
  echo "install.sh: note: could not build the class-data archive; the helper works without it, a little slower" >&2
fi

# The same for `vcstoken`, from one training process that needs no server (StartupTraining: help,
# token list, a clone stopped by a refused connection, a clone of a local repository).
rm -f "$lib/cli.jsa"
cli_train_cp="$(jar_path "$train_root/cli")"
# A limit for the training process where coreutils' timeout exists (the clone of a refused port
# cannot hang, but the limit costs nothing).
limit=""
command -v timeout >/dev/null 2>&1 && limit="timeout 120"
# shellcheck disable=SC2086
if $limit "$java" "-XX:DumpLoadedClassList=$tmp_home/cli.classlist" $cli_flags -cp "$cli_train_cp" \
     org.vcstoken.cli.StartupTraining "$tmp_home/training" >/dev/null 2>&1 </dev/null 9<"$lib"; then
  # shellcheck disable=SC2086
  "$java" -Xshare:dump "-XX:SharedClassListFile=$tmp_home/cli.classlist" "-XX:SharedArchiveFile=$lib/cli.jsa" \
    $cli_flags -cp "$cli_train_cp" >/dev/null 2>&1 9<"$lib" || rm -f "$lib/cli.jsa"
fi
if [ ! -f "$lib/cli.jsa" ]; then
  echo "install.sh: note: could not build the vcstoken command's class-data archive; it works without it, a little slower" >&2
fi
rm -rf "$tmp_home"

echo "installed vcstoken in $prefix"
echo "  $bin/vcstoken"
echo "  $bin/git-credential-vcstoken"
[ -x "$bin/vcstoken-sandbox" ] && echo "  $bin/vcstoken-sandbox"
[ -f "$lib/svnkit/vcstoken-svn-provider.jar" ] && echo "  $lib/svnkit/ (SVNKit provider: put $lib/svnkit/* on a Java tool's classpath)"
case ":$PATH:" in
  *":$bin:"*) ;;
  *) echo "add $bin to PATH, e.g.: export PATH=\"$bin:\$PATH\"" ;;
esac
echo "next: vcstoken server add https://your-server --user NAME && vcstoken configure"
