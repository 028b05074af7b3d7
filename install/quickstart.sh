#!/usr/bin/env bash
# A first look at vcstoken on a fresh machine, touching none of your files: builds and installs
# into ./build/prefix, starts the RhodeCode-compatible sandbox in a temporary directory, stores a
# repository token and a server-wide token, and lets the real git clone, push and ls-remote
# through the helper with a throw-away HOME. Exits non-zero if any step fails; cleans up.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
prefix="$root/build/prefix"
say() { printf '\n==> %s\n' "$*"; }

say "building and installing into $prefix"
"$root/install/install.sh" --prefix "$prefix" >/dev/null
export PATH="$prefix/bin:$PATH"

work="$(mktemp -d)"
sandbox_pid=""
cleanup() {
  [ -n "$sandbox_pid" ] && kill -TERM "$sandbox_pid" 2>/dev/null && wait "$sandbox_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
export HOME="$work/home" VCSTOKEN_HOME="$work/vcstoken" GIT_CONFIG_GLOBAL="$work/home/.gitconfig"
export GIT_CONFIG_NOSYSTEM=1 GIT_TERMINAL_PROMPT=0 GIT_AUTHOR_NAME=Alice GIT_AUTHOR_EMAIL=alice@example.test
export GIT_COMMITTER_NAME=Alice GIT_COMMITTER_EMAIL=alice@example.test
mkdir -p "$HOME"

say "starting the sandbox (a RhodeCode stand-in) on a free loopback port"
vcstoken-sandbox --data "$work/sandbox" > "$work/sandbox.log" 2>&1 &
sandbox_pid=$!
for _ in $(seq 1 300); do
  [ -f "$work/sandbox/sandbox.json" ] && break
  kill -0 "$sandbox_pid" 2>/dev/null || { cat "$work/sandbox.log" >&2; exit 1; }
  sleep 0.1
done
url="$(sed -n 's/.*"url" *: *"\([^"]*\)".*/\1/p' "$work/sandbox/sandbox.json")"
admin="$(sed -n 's/.*"admin_token" *: *"\([^"]*\)".*/\1/p' "$work/sandbox/sandbox.json")"
echo "sandbox at $url"

api() { # method args-json → result line
  curl -fsS -X POST "$url/_admin/api" -d "{\"id\":1,\"auth_token\":\"$admin\",\"method\":\"$1\",\"args\":$2}"
}
token_of() { sed -n 's/.*"auth_token" *: *"\([0-9a-f]\{40\}\)".*/\1/p'; }
api create_user '{"username":"alice","email":"alice@example.test","password":"alice-password"}' >/dev/null
api create_repo '{"repo_name":"demo/app","repo_type":"git","owner":"alice"}' >/dev/null
api create_repo '{"repo_name":"demo/lib","repo_type":"git","owner":"alice"}' >/dev/null
repo_token="$(api sandbox_add_auth_token '{"userid":"alice","role":"token_role_vcs","lifetime":60,"description":"app only","scope_repo":"demo/app"}' | token_of)"
wide_token="$(api sandbox_add_auth_token '{"userid":"alice","role":"token_role_vcs","lifetime":-1,"description":"whole server"}' | token_of)"
[ -n "$repo_token" ] && [ -n "$wide_token" ] || { echo "quickstart: could not create tokens on the sandbox" >&2; exit 1; }

say "storing the tokens: secrets go in on stdin, never on the command line"
printf '%s\n' "$repo_token" | vcstoken token add "$url/demo/app" --user alice --lifetime 1h
printf '%s\n' "$wide_token" | vcstoken token add "$url" --user alice
vcstoken token list

say "vcstoken configure --git (per server: our helper, useHttpPath on)"
vcstoken configure --git

say "git ls-remote and clone of demo/app use the repository token; demo/lib the server-wide one"
VCSTOKEN_TRACE=1 git ls-remote "$url/demo/app" 2>&1 | grep -E 'chose token|candidate' || true
git clone -q "$url/demo/app" "$work/app"
git clone -q "$url/demo/lib" "$work/lib"
(cd "$work/app" && echo hello > README && git add README && git commit -qm "first commit" && git push -q origin HEAD)
git ls-remote "$url/demo/app"

say "done: every git call above authenticated with a token chosen by vcstoken"
