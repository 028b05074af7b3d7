"""Test-only hg serve extension: Basic auth against a token file.

Each line of the file named by $HGTEST_TOKENS is `USER SECRET SCOPE [MAXUSES]`, SCOPE
being a repository name or `*`; after MAXUSES accepted requests the token is refused.
Every request is appended to $HGTEST_REQUESTS as `REPO CMD RESULT SECRET` so that tests
can check which tokens were sent. Edits to the token file apply to the next request.
"""

import base64
import binascii
import os

from mercurial.hgweb import common


def _uses(secret):
    with open(os.environ['HGTEST_REQUESTS']) as f:
        return sum(1 for line in f if line.split()[2:] == ['ok', secret])


def _allowed(user, secret, repo):
    with open(os.environ['HGTEST_TOKENS']) as f:
        for line in f:
            parts = line.split()
            if len(parts) in (3, 4) and parts[0] == user and parts[1] == secret:
                if len(parts) == 4 and _uses(secret) >= int(parts[3]):
                    continue  # revoked after MAXUSES requests: mid-command revocation
                if parts[2] in ('*', repo):
                    return True
    return False


def _log(repo, req, result, secret):
    cmd = req.qsparams.get(b'cmd', b'-').decode('ascii', 'replace')
    with open(os.environ['HGTEST_REQUESTS'], 'a') as f:
        f.write('%s %s %s %s\n' % (repo, cmd, result, secret or '-'))


def _check(web, req, op):
    # hgwebdir leaves reponame unset; the repository is the application path.
    repo = (web.reponame or req.apppath or b'').strip(b'/').decode('utf-8')
    header = req.headers.get(b'Authorization')
    user = secret = None
    if header and header.lower().startswith(b'basic '):
        try:
            raw = base64.b64decode(header[6:].strip()).decode('utf-8')
            user, _, secret = raw.partition(':')
        except (binascii.Error, UnicodeDecodeError):
            pass
    if user is not None and _allowed(user, secret, repo):
        _log(repo, req, 'ok', secret)
        return
    _log(repo, req, 'rejected' if header else 'anonymous', secret)
    raise common.ErrorResponse(
        common.HTTP_UNAUTHORIZED,
        b'authorization required',
        [(b'WWW-Authenticate', b'Basic realm="RhodeCode"')],
    )


def extsetup(ui):
    common.permhooks.insert(0, _check)
