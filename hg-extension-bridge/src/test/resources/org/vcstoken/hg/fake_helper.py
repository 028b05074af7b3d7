"""Test-only stand-in for git-credential-vcstoken, with state in $VCSTOKEN_HOME.

tokens.json: [{"user", "secret", "host", "scope" (path or null), "expiry" (unix s or
null), "rejected", "confirmed"}]. `get` answers the first usable token (scoped before
server-wide) exactly like the contract says, `erase`/`store` mark it. Every call is
appended to calls.log as `ACTION key=value ...` (secrets included: test data only).
With $FAKE_QUIT=1 an empty `get` answers quit=1. With $FAKE_IGNORE_EXPIRY=1 expired
tokens are handed out anyway (to prove the extension never sends them).
"""

import json
import os
import sys
import time

home = os.environ['VCSTOKEN_HOME']
state_file = os.path.join(home, 'tokens.json')
action = sys.argv[1]
request = {}
for line in sys.stdin.read().splitlines():
    if not line:
        break
    key, _, value = line.partition('=')
    request[key] = value
with open(os.path.join(home, 'calls.log'), 'a') as f:
    f.write(action + ' ' + ' '.join('%s=%s' % kv for kv in request.items()) + '\n')

with open(state_file) as f:
    tokens = json.load(f)

if action == 'get':
    now = time.time()
    usable = [
        t for t in tokens
        if t['host'] == request.get('host')
        and not t.get('rejected')
        and t.get('scope') in (None, request.get('path'))
        and request.get('username') in (None, t['user'])
        and (os.environ.get('FAKE_IGNORE_EXPIRY') == '1' or t.get('expiry') is None or t['expiry'] > now)
    ]
    usable.sort(key=lambda t: t.get('scope') is None)
    if usable:
        t = usable[0]
        sys.stdout.write('username=%s\npassword=%s\n' % (t['user'], t['secret']))
        if t.get('expiry') is not None:
            sys.stdout.write('password_expiry_utc=%d\n' % t['expiry'])
    elif os.environ.get('FAKE_QUIT') == '1':
        sys.stderr.write('vcstoken: error: no token for %s/%s; run vcstoken token add\n'
                         % (request.get('host'), request.get('path', '')))
        sys.stdout.write('quit=1\n')
    else:
        sys.stderr.write('vcstoken: warning: no token for %s/%s\n'
                         % (request.get('host'), request.get('path', '')))
elif action in ('erase', 'store'):
    for t in tokens:
        if t['secret'] == request.get('password'):
            t['rejected' if action == 'erase' else 'confirmed'] = True
    with open(state_file, 'w') as f:
        json.dump(tokens, f)
