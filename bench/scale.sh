#!/usr/bin/env bash
# Scale and concurrency benchmark, against a real sandbox (the RhodeCode stand-in):
#   - 64 parallel `git credential fill` for one server: all answered, total wall time;
#   - 64 parallel `git credential fill` while the only token has expired: exactly one renewal
#     (answered by an askpass program, as a person would at the prompt);
#   - peak RSS of one `get`;
#   - `token list` with 10,000 tokens, and a write (`server add`) to that store;
#   - `vcstoken clone` (JGit) against `git clone` through the helper, for a repository with
#     10,000 commits (when `vcstoken clone` exists).
# usage: bench/scale.sh --prefix DIR   (an installation made by install/install.sh)
set -euo pipefail
prefix=""
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "scale.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
[ -n "$prefix" ] && [ -x "$prefix/bin/vcstoken" ] || { echo "scale.sh: give --prefix of an installation" >&2; exit 2; }
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
sandbox_pid=""
cleanup() {
  if [ -n "$sandbox_pid" ]; then
    kill -TERM "$sandbox_pid" 2>/dev/null || true
    wait "$sandbox_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
export PATH="$prefix/bin:$PATH" HOME="$work/home" VCSTOKEN_HOME="$work/state" GIT_CONFIG_GLOBAL="$work/home/.gitconfig"
export GIT_CONFIG_NOSYSTEM=1 GIT_TERMINAL_PROMPT=0
mkdir -p "$HOME"
ms() { echo $(( $(date +%s%N) / 1000000 )); }
row() { printf '%-58s %s\n' "$1" "$2"; }

vcstoken-sandbox --data "$work/sandbox" > "$work/sandbox.log" 2>&1 &
sandbox_pid=$!
for _ in $(seq 1 300); do [ -f "$work/sandbox/sandbox.json" ] && break; sleep 0.1; done
url="$(sed -n 's/.*"url" *: *"\([^"]*\)".*/\1/p' "$work/sandbox/sandbox.json")"
admin="$(sed -n 's/.*"admin_token" *: *"\([^"]*\)".*/\1/p' "$work/sandbox/sandbox.json")"
api() { curl -fsS -X POST "$url/_admin/api" -d "{\"id\":1,\"auth_token\":\"$admin\",\"method\":\"$1\",\"args\":$2}"; }
api create_user '{"username":"alice","email":"alice@example.test","password":"alice-password"}' >/dev/null
api create_repo '{"repo_name":"big/repo","repo_type":"git","owner":"alice"}' >/dev/null
vcstoken server add "$url" --user alice --scope host --lifetime 1h >/dev/null
vcstoken configure --git >/dev/null
token="$(api sandbox_add_auth_token '{"userid":"alice","role":"token_role_vcs","lifetime":60,"description":"bench"}' \
  | sed -n 's/.*"auth_token" *: *"\([0-9a-f]\{40\}\)".*/\1/p')"
printf '%s\n' "$token" | vcstoken token add "$url" --user alice --lifetime 1h >/dev/null
echo "scale and concurrency, $(nproc) cores, sandbox at $url"

fill() { printf 'url=%s/big/repo\n\n' "$url" | git credential fill; }

# 64 parallel gets for one server.
# Wait for these jobs only: a bare `wait` would also wait for the sandbox.
start=$(ms)
pids=()
for i in $(seq 1 64); do fill > "$work/fill.$i" 2>&1 & pids+=($!); done
wait "${pids[@]}" || true
took=$(( $(ms) - start ))
answered=$(grep -l "password=$token" "$work"/fill.* | wc -l)
row "64 parallel git credential fill, one server" "$took ms total, $answered/64 answered"
[ "$answered" = 64 ] || { echo "scale.sh: not every fill was answered" >&2; exit 1; }

# 64 parallel gets while the only token has expired: one renewal through the fallback.
cat > "$work/askpass" <<ASKPASS
#!/bin/sh
echo "\$1" >> "$work/askpass.log"
case "\$1" in
  *'Create one now'*) echo a ;;
  *Password*) echo alice-password ;;
  *) exit 1 ;;
esac
ASKPASS
chmod 700 "$work/askpass"
# Two hours on, for the server and for vcstoken: the 1-hour token has expired for both.
api sandbox_set_time "{\"epoch\":$(( $(date +%s) + 7200 ))}" >/dev/null
export GIT_ASKPASS="$work/askpass" VCSTOKEN_CLOCK_OFFSET=7200
start=$(ms)
pids=()
for i in $(seq 1 64); do fill > "$work/expired.$i" 2>&1 & pids+=($!); done
wait "${pids[@]}" || true
took=$(( $(ms) - start ))
unset VCSTOKEN_CLOCK_OFFSET GIT_ASKPASS
prompts=$(grep -c 'Create one now' "$work/askpass.log" || true)
answered=$(grep -l '^password=' "$work"/expired.* | wc -l)
row "64 parallel fill, expired token: renewals (prompts)" "$prompts"
row "64 parallel fill, expired token: answered, wall time" "$answered/64 in $took ms"
[ "$prompts" = 1 ] && [ "$answered" = 64 ] || { echo "scale.sh: expected one renewal and 64 answers" >&2; exit 1; }

# Peak memory of one get.
if [ -x /usr/bin/time ]; then
  rss=$(printf 'url=%s/big/repo\n\n' "$url" | /usr/bin/time -f %M git-credential-vcstoken get 2>&1 >/dev/null | tail -n 1)
  row "peak RSS of one get" "$(( rss / 1024 )) MiB"
fi

# token list with 10,000 tokens (written by vcstoken itself).
list_home="$work/list"
mkdir -p "$list_home" && chmod 700 "$list_home"
{
  printf '{"version":1,"servers":[{"url":"https://h.example.com","kind":"rhodecode","user":"u","scope":"repo","lifetime":"PT720H","renew_before":null,"allow_http":false}],"tokens":['
  for ((i = 0; i < 10000; i++)); do
    [ $i -gt 0 ] && printf ','
    printf '{"id":"%08x","server":"https://h.example.com","user":"u","role":"vcs","scope":"g/r%d","expires":null,"description":"","created":"2026-01-01T00:00:00Z","origin":"manual","confirmed":null,"rejected":null,"secret":"%040x"}' $i $i $i
  done
  printf ']}\n'
} > "$list_home/store.json"
chmod 600 "$list_home/store.json"
start=$(ms)
VCSTOKEN_HOME="$list_home" vcstoken token list > "$work/list.out"
row "token list, 10,000 tokens" "$(( $(ms) - start )) ms, $(( $(wc -l < "$work/list.out") - 1 )) rows"

# A write with 10,000 tokens: every change reads the whole store, checks it and writes it back.
# The first write also moves the file into the line layout with its index; the second is timed.
VCSTOKEN_HOME="$list_home" vcstoken server add https://h.example.com --user u --lifetime 30d > /dev/null
start=$(ms)
VCSTOKEN_HOME="$list_home" vcstoken server add https://h.example.com --user u --lifetime 31d > /dev/null
row "a write (server add), 10,000 tokens" "$(( $(ms) - start )) ms"

# JGit clone against git clone, for a repository with 10,000 commits.
if vcstoken clone --help >/dev/null 2>&1; then
  src="$work/src"
  git init -q "$src"
  {
    for ((i = 1; i <= 10000; i++)); do
      printf 'commit refs/heads/master\ncommitter Bench <b@example.test> %d +0000\ndata 8\ncommit %d\n' $((1700000000 + i)) $((i % 10))
      [ $i -gt 1 ] || true
      printf 'M 644 inline file\ndata %d\n%d\n\n' $(( ${#i} + 1 )) $i
    done
  } | git -C "$src" fast-import --quiet
  git -C "$src" push -q "$url/big/repo" master 2>/dev/null
  # One pair to warm the server up, then five pairs, alternating; the medians are reported.
  : > "$work/git.ms"; : > "$work/jgit.ms"
  for ((i = 0; i <= 5; i++)); do
    rm -rf "$work/c1" "$work/c2"
    start=$(ms); git clone -q "$url/big/repo" "$work/c1"; git_ms=$(( $(ms) - start ))
    # Each JGit clone as on a fresh machine (a CI job): no JGit settings saved by an earlier run.
    start=$(ms); XDG_CONFIG_HOME="$work/xdg-$i" vcstoken clone -q "$url/big/repo" "$work/c2" > /dev/null 2>&1
    jgit_ms=$(( $(ms) - start ))
    [ ! -e "$work/xdg-$i/jgit" ] || { echo "scale.sh: JGit measured the file system (it saved $work/xdg-$i/jgit)" >&2; exit 1; }
    [ "$(git -C "$work/c2" rev-list --count HEAD)" = 10000 ] || { echo "scale.sh: JGit clone incomplete" >&2; exit 1; }
    [ $i -eq 0 ] || { echo "$git_ms" >> "$work/git.ms"; echo "$jgit_ms" >> "$work/jgit.ms"; }
  done
  git_ms=$(sort -n "$work/git.ms" | sed -n 3p); jgit_ms=$(sort -n "$work/jgit.ms" | sed -n 3p)
  row "git clone, 10,000 commits, through the helper (median of 5)" "$git_ms ms"
  row "vcstoken clone (JGit), 10,000 commits (median of 5)" "$jgit_ms ms"
  awk -v a="$jgit_ms" -v b="$git_ms" 'BEGIN { printf "%-58s %.2fx\n", "vcstoken clone / git clone", a / b }'
else
  row "vcstoken clone" "not available in this installation"
fi
