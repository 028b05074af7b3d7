#!/usr/bin/env bash
# `get` time per secret store (issue 10): the helper answering from a store of 1 and of 100 tokens
# on the requested host, with the secret in the file, in pass (throw-away GPG key, no passphrase)
# and in the Secret Service (gnome-keyring-daemon on a private session bus, unlocked). Same JVM
# flags as bench/run.sh; the classes come from the class path given (no CDS archive). Runs are
# interleaved across the configurations so that background load hits all of them alike.
#
# usage: CP=credential-helper/target/classes:<jackson-core jar>:<picocli jar>:<commons-exec jar> RUNS=41 bench/secret-stores.sh
#        (credential-helper/target/lib/ holds the jars after `mvn package`; a get reads its secret without
#        commons-exec, but `store migrate` writes through it)
#        COMPARE="NAME=CP NAME2=CP2 ..." times the get of each class path instead, interleaved, and
#        counts the classes one get loads with each (two builds side by side: docs/benchmarks.md)
# needs: gnome-keyring libsecret-tools dbus pass gnupg (Debian)
set -euo pipefail
runs=${RUNS:-21}
W=$(mktemp -d)
CP="${CP:?set CP to the helper class path (classes dir or jar, jackson-core, picocli and commons-exec)}"
FLAGS='-XX:TieredStopAtLevel=1 -XX:-UsePerfData -Xlog:disable -Xlog:all=error:stderr -XX:+UseG1GC -Xmx128m'  # as the installed helper
helper() { java $FLAGS -cp "$CP" org.vcstoken.git.GitCredentialMain "$@"; }
helper_with() { local cp=$1; shift; java $FLAGS ${XOPT:-} -cp "$cp" org.vcstoken.git.GitCredentialMain "$@"; }
variants=()
for v in ${COMPARE:-"this=$CP"}; do variants+=("$v"); done
vt() { java $FLAGS -cp "$CP" org.vcstoken.cli.VcstokenMain "$@"; }
# private bus + unlocked keyring
mkdir -p $W/rt $W/kh && chmod 700 $W/rt
cat > $W/bus.conf <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>session</type><listen>unix:dir=$W/rt</listen><auth>EXTERNAL</auth>
<policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy></busconfig>
CONF
dbus-daemon --config-file=$W/bus.conf --fork --print-address=1 --print-pid=1 > $W/addr
export DBUS_SESSION_BUS_ADDRESS=$(head -1 $W/addr)
(printf pw | HOME=$W/kh XDG_DATA_HOME=$W/kh/data gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 & echo $! > $W/gk.pid)
until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q true; do :; done
export GNUPGHOME=$W/gnupg PASSWORD_STORE_DIR=$W/pass; mkdir -m 700 $GNUPGHOME
gpg --batch --passphrase '' --quick-gen-key bench@example.invalid default default never >/dev/null 2>&1
pass init bench@example.invalid >/dev/null
cleanup() { kill $(cat $W/gk.pid) $(sed -n 2p $W/addr) 2>/dev/null || true; gpgconf --kill all; rm -rf $W; }
trap cleanup EXIT
TIMEFORMAT='%3R %3U %3S'
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)] " (min " a[1] ", max " a[NR] ")"}'; }
make_store() { # dir n: n tokens on code.example.com, the chosen one scoped to team/app
  mkdir -p -m 700 "$1"
  { printf '{"version":1,"servers":[{"url":"https://code.example.com","kind":"rhodecode","user":"alice","scope":"repo","lifetime":"PT720H","renew_before":null,"allow_http":false}],"tokens":['
    printf '{"id":"c0000000","server":"https://code.example.com","user":"alice","role":"vcs","scope":"team/app","expires":null,"description":"","created":"2026-11-01T00:00:00Z","origin":"manual","confirmed":null,"rejected":null,"secret":"tok-chosen-000000000000000000000000000000"}'
    for ((i = 1; i < $2; i++)); do printf ',{"id":"%08x","server":"https://code.example.com","user":"alice","role":"vcs","scope":"team/r%d","expires":null,"description":"","created":"2026-11-01T00:00:00Z","origin":"manual","confirmed":null,"rejected":null,"secret":"tok-other-%030d"}' $i $i $i; done
    printf ']}\n'; } > "$1/store.json"
  chmod 600 "$1/store.json"
  # rewrite once through vcstoken so the file has the indexed layout a real store has
  VCSTOKEN_HOME="$1" vt server add https://code.example.com --user alice >/dev/null
}
configs=()
for n in 1 100; do
  for store in file pass secret-service; do
    h=$W/home-$store-$n; make_store $h $n
    [ $store = file ] || VCSTOKEN_HOME=$h vt store migrate --to $store >/dev/null 2>&1
    grep -q '"secret_backend"' $h/store.json || [ $store = file ] || { echo "migration failed for $h" >&2; exit 1; }
    out=$(printf 'protocol=https\nhost=code.example.com\npath=team/app.git\n\n' | VCSTOKEN_HOME=$h helper get)
    case "$out" in *password=tok-chosen*) ;; *) echo "bad answer for $store: $out" >&2; exit 1;; esac
    configs+=("$store,$n")
  done
done
# Interleaved, so that load from other processes hits every configuration alike.
for ((r = 0; r < runs; r++)); do
  for c in "${configs[@]}"; do
    h=$W/home-${c%,*}-${c#*,}
    for v in "${variants[@]}"; do
      # Wall time, and CPU time (user + sys, the tool's included), which other load disturbs less.
      t=$( { time (printf 'protocol=https\nhost=code.example.com\npath=team/app.git\n\n' \
        | VCSTOKEN_HOME=$h helper_with "${v#*=}" get >/dev/null 2>&1); } 2>&1 )
      read -r real user sys <<< "$t"
      echo "${v%%=*},$c $(awk -v r="$real" 'BEGIN { printf "%d", r * 1000 }')" >> $W/times
      echo "${v%%=*},$c $(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%d", (u + s) * 1000 }')" >> $W/cpu
    done
  done
done
for v in "${variants[@]}"; do
  for c in "${configs[@]}"; do
    label="${c%,*}, ${c#*,} token(s) on the host: "
    [ ${#variants[@]} -gt 1 ] && label="${v%%=*}: $label"
    cpu=$(grep "^${v%%=*},$c " $W/cpu | cut -d' ' -f2 | median)
    grep "^${v%%=*},$c " $W/times | cut -d' ' -f2 | median | sed "s/^/$label/; s/\$/; CPU $cpu/"
  done
done
# Classes one get loads (1 token on the host), per store and class path.
for v in "${variants[@]}"; do
  for store in file pass secret-service; do
    printf 'protocol=https\nhost=code.example.com\npath=team/app.git\n\n' \
      | VCSTOKEN_HOME=$W/home-$store-1 XOPT=-Xlog:class+load:file=$W/classes.log helper_with "${v#*=}" get >/dev/null
    echo "${v%%=*}: classes loaded by a get, $store: $(grep -c '\[class,load\]' $W/classes.log)"
  done
done
# the tools alone, for reference
for ((r = 0; r < runs; r++)); do s=$(date +%s%N); pass show vcstoken/code.example.com/alice/$(grep -o '"id":"[0-9a-f]*' $W/home-pass-1/store.json | head -1 | cut -d'"' -f4) >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); done | median | sed 's/^/pass show alone: /'
for ((r = 0; r < runs; r++)); do s=$(date +%s%N); secret-tool lookup application vcstoken token nothing >/dev/null || true; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); done | median | sed 's/^/secret-tool lookup alone: /'
