"""The extension inside Mercurial's own HTTP stack, against local servers.

Real HTTP servers on 127.0.0.1 ports chosen by the OS, Mercurial's opener (the
handler chain `hg clone` and `hg pull` use) with the extension's wrappers
installed, and a helper script that logs every call. Stdlib only; skipped
when Mercurial cannot be imported, like the glue tests in test_vcstoken.py.
"""

import base64
import http.server
import io
import json
import os
import stat
import sys
import tempfile
import textwrap
import threading
import unittest
import urllib.error

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'main', 'python'))

import vcstoken  # noqa: E402

try:
    from mercurial import error as hgerror
    from mercurial import extensions as hgextensions
    from mercurial import ui as hgui
    from mercurial import url as hgurl

    HAVE_MERCURIAL = True
except ImportError:
    HAVE_MERCURIAL = False

CHALLENGE = ('WWW-Authenticate', 'Basic realm="RhodeCode"')


def header(user, secret):
    raw = ('%s:%s' % (user, secret)).encode('utf-8')
    return 'Basic ' + base64.b64encode(raw).decode('ascii')


class Server:
    """An HTTP server whose answers come from ``respond(path, authorization)``.

    Records every request as (path, Authorization header or None).
    """

    def __init__(self, respond):
        self.requests = []
        requests = self.requests

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                authorization = self.headers.get('Authorization')
                requests.append((self.path, authorization))
                status, headers = respond(self.path, authorization)
                body = b'ok\n' if status == 200 else b''
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass  # keep the test output readable

        self.httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.url = 'http://127.0.0.1:%d' % self.httpd.server_address[1]
        self.host = '127.0.0.1:%d' % self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join()

    def authorizations(self):
        return [authorization for _, authorization in self.requests]


@unittest.skipUnless(HAVE_MERCURIAL, 'Mercurial is not importable from this Python')
class MercurialHttpTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.log = os.path.join(self.tmp.name, 'calls.jsonl')
        self.tokens_for = os.path.join(self.tmp.name, 'tokens-for')
        # Answers `get` for the host in tokens-for with a new token each time
        # (tok-1, tok-2, ...) and nothing for any other host; logs every call,
        # secrets included (test data only).
        helper = os.path.join(self.tmp.name, 'helper')
        with open(helper, 'w') as f:
            f.write('#!%s\n' % sys.executable)
            f.write(textwrap.dedent('''
                import json, sys
                request = {}
                for line in sys.stdin.read().splitlines():
                    key, _, value = line.partition('=')
                    if key:
                        request[key] = value
                with open(%r, 'a') as f:
                    f.write(json.dumps([sys.argv[1], request]) + '\\n')
                with open(%r) as f:
                    tokens_for = f.read().strip()
                if sys.argv[1] == 'get' and request.get('host') == tokens_for:
                    with open(%r) as f:
                        n = sum(1 for line in f if json.loads(line)[0] == 'get' and json.loads(line)[1].get('host') == tokens_for)
                    sys.stdout.write('username=carol\\npassword=tok-%%d\\n' %% n)
            ''' % (self.log, self.tokens_for, self.log)))
        os.chmod(helper, stat.S_IRWXU)
        self.ui = hgui.ui.load()
        self.ui.setconfig(b'vcstoken', b'command', helper.encode())
        self.ui.setconfig(b'ui', b'interactive', b'false')
        self.ui.ferr = io.BytesIO()  # hg's warnings, for the assertions
        saved_state = vcstoken._STATE
        vcstoken._STATE = vcstoken.ProcessState()
        self.addCleanup(setattr, vcstoken, '_STATE', saved_state)
        vcstoken.uisetup(self.ui)
        self.addCleanup(self.unwrap)

    def unwrap(self):
        hgextensions.unwrapfunction(hgurl.passwordmgr, 'find_user_password', vcstoken._find_user_password)
        hgextensions.unwrapfunction(hgurl.httpbasicauthhandler, 'http_error_auth_reqed', vcstoken._remember_request)
        hgextensions.unwrapfunction(hgurl.httpbasicauthhandler, 'retry_http_basic_auth', vcstoken._confirm_on_success)
        for name in ('http_request', 'https_request'):
            hgextensions.unwrapfunction(hgurl.httpbasicauthhandler, name, vcstoken._add_saved_authorization)

    def server(self, respond):
        server = Server(respond)
        self.addCleanup(server.close)
        return server

    def give_tokens_for(self, server):
        with open(self.tokens_for, 'w') as f:
            f.write(server.host)

    def open(self, url):
        response = hgurl.opener(self.ui).open(url)
        try:
            return response.read()
        finally:
            response.close()

    def calls(self, action=None):
        if not os.path.exists(self.log):
            return []
        with open(self.log) as f:
            calls = [json.loads(line) for line in f]
        return [c for c in calls if action is None or c[0] == action]

    def test_a_token_does_not_follow_a_redirect_to_another_port(self):
        # The reviewer's case: the token's server asks for auth, then
        # redirects to the same host on another port, which asks too.
        other = self.server(lambda path, authorization: (401, [CHALLENGE]))
        issuer = self.server(
            lambda path, authorization: (302, [('Location', other.url + path)]) if authorization
            else (401, [CHALLENGE]))
        self.give_tokens_for(issuer)

        with self.assertRaises((hgerror.Abort, urllib.error.HTTPError)):
            self.open(issuer.url + '/r?cmd=capabilities')

        self.assertEqual(issuer.authorizations(), [None, header('carol', 'tok-1')])
        self.assertTrue(other.requests)
        self.assertEqual(other.authorizations(), [None] * len(other.requests))
        # The other server's 401 is no verdict on the token.
        self.assertEqual(self.calls('erase'), [])
        self.assertEqual([c[1]['host'] for c in self.calls('get')], [issuer.host, other.host])

    def test_a_token_follows_a_redirect_on_its_own_server(self):
        issuer = None

        def respond(path, authorization):
            if authorization != header('carol', 'tok-1'):
                return 401, [CHALLENGE]
            if path.startswith('/old'):
                return 302, [('Location', issuer.url + '/new' + path[len('/old'):])]
            return 200, []

        issuer = self.server(respond)
        self.give_tokens_for(issuer)

        self.assertEqual(self.open(issuer.url + '/old?cmd=capabilities'), b'ok\n')

        self.assertEqual(issuer.requests, [
            ('/old?cmd=capabilities', None),
            ('/old?cmd=capabilities', header('carol', 'tok-1')),
            ('/new?cmd=capabilities', header('carol', 'tok-1')),
        ])
        self.assertEqual([c[0] for c in self.calls()], ['get', 'store'])

    def test_every_token_a_refusing_server_received_is_erased(self):
        # urllib's digest handler ends a request at its 7th 401 without hg
        # asking again; the extension must stop handing out tokens before.
        issuer = self.server(lambda path, authorization: (401, [CHALLENGE]))
        self.give_tokens_for(issuer)

        with self.assertRaises((hgerror.Abort, urllib.error.HTTPError)):
            self.open(issuer.url + '/r?cmd=capabilities')

        sent = [a for a in issuer.authorizations() if a is not None]
        erased = [header(c[1]['username'], c[1]['password']) for c in self.calls('erase')]
        self.assertEqual(erased, sent)
        self.assertEqual(len(sent), vcstoken.MAX_REJECTIONS_PER_PROCESS)
        self.assertIn(b'vcstoken: the server rejected 5 tokens; giving up', self.ui.ferr.getvalue())


if __name__ == '__main__':
    unittest.main()
