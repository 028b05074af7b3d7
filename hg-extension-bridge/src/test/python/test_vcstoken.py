"""Unit tests for the vcstoken Mercurial extension (stdlib unittest only).

Run with the Python that Mercurial uses, from this directory or anywhere:
    python3 -m unittest discover -s hg-extension-bridge/src/test/python
The Mercurial glue tests skip when Mercurial cannot be imported.
"""

import base64
import os
import stat
import sys
import tempfile
import textwrap
import unittest
import urllib.request
from unittest import mock

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'main', 'python'))

import vcstoken  # noqa: E402

try:
    from mercurial import extensions as hgextensions
    from mercurial import ui as hgui
    from mercurial import url as hgurl

    HAVE_MERCURIAL = True
except ImportError:
    HAVE_MERCURIAL = False


def header(user, secret):
    raw = ('%s:%s' % (user, secret)).encode('utf-8')
    return 'Basic ' + base64.b64encode(raw).decode('ascii')


class FakeRunner:
    """Plays the helper: answers get from a list, records every call."""

    def __init__(self, answers=None, stderr=None, error=None):
        self.answers = list(answers or [])
        self.stderr = list(stderr or [])
        self.error = error
        self.calls = []

    def run(self, action, attrs):
        vcstoken.encode_message(attrs)  # what a real runner would refuse
        self.calls.append((action, list(attrs)))
        if self.error is not None:
            raise self.error
        if action == 'get' and self.answers:
            return self.answers.pop(0), list(self.stderr)
        return {}, list(self.stderr)

    def actions(self):
        return [action for action, _ in self.calls]


class Recorder:
    def __init__(self):
        self.warnings = []
        self.debugs = []

    def warn(self, message):
        self.warnings.append(message)

    def debug(self, message):
        self.debugs.append(message)

    def everything(self):
        return '\n'.join(self.warnings + self.debugs)


def bridge(runner, state=None, now=1_000_000):
    recorder = Recorder()
    b = vcstoken.Bridge(
        state or vcstoken.ProcessState(),
        runner,
        recorder.warn,
        recorder.debug,
        clock=lambda: now,
    )
    return b, recorder


URI = 'https://code.example.com/group/repo?cmd=capabilities'


class EncodeMessageTest(unittest.TestCase):
    def test_writes_key_value_lines_ending_with_a_blank_line(self):
        data = vcstoken.encode_message([('protocol', 'https'), ('host', 'h')])
        self.assertEqual(data, b'protocol=https\nhost=h\n\n')

    def test_refuses_line_breaks_and_nul_in_values(self):
        for bad in ('a\nb', 'a\rb', 'a\0b'):
            with self.assertRaises(vcstoken.ProtocolError):
                vcstoken.encode_message([('path', bad)])

    def test_refuses_keys_containing_equals_or_empty_keys(self):
        for bad in ('a=b', ''):
            with self.assertRaises(vcstoken.ProtocolError):
                vcstoken.encode_message([(bad, 'v')])

    def test_keeps_equals_signs_inside_values(self):
        data = vcstoken.encode_message([('password', 'a=b=')])
        self.assertEqual(data, b'password=a=b=\n\n')


class ParseMessageTest(unittest.TestCase):
    def test_reads_keys_until_the_first_blank_line(self):
        values = vcstoken.parse_message(b'username=u\npassword=p\n\nignored=1\n')
        self.assertEqual(values, {'username': 'u', 'password': 'p'})

    def test_keeps_everything_after_the_first_equals_sign(self):
        self.assertEqual(vcstoken.parse_message(b'password=a=b\n'), {'password': 'a=b'})

    def test_skips_lines_without_equals_and_tolerates_crlf(self):
        values = vcstoken.parse_message(b'junk\r\nusername=u\r\n')
        self.assertEqual(values, {'username': 'u'})

    def test_last_value_of_a_repeated_key_wins(self):
        self.assertEqual(vcstoken.parse_message(b'a=1\na=2\n'), {'a': '2'})

    def test_empty_answer_means_nothing(self):
        self.assertEqual(vcstoken.parse_message(b''), {})

    def test_refuses_an_answer_that_is_not_utf8(self):
        with self.assertRaises(vcstoken.HelperError):
            vcstoken.parse_message(b'password=\xff\n')


class RequestForUriTest(unittest.TestCase):
    def test_drops_the_query_and_the_slashes_around_the_path(self):
        attrs = vcstoken.request_for_uri(URI)
        self.assertEqual(
            attrs,
            [('protocol', 'https'), ('host', 'code.example.com'), ('path', 'group/repo')],
        )

    def test_omits_default_ports_and_keeps_others(self):
        self.assertEqual(
            dict(vcstoken.request_for_uri('https://h:443/r'))['host'], 'h')
        self.assertEqual(
            dict(vcstoken.request_for_uri('http://h:80/r'))['host'], 'h')
        self.assertEqual(
            dict(vcstoken.request_for_uri('http://h:8080/r'))['host'], 'h:8080')
        self.assertEqual(
            dict(vcstoken.request_for_uri('https://h:80/r'))['host'], 'h:80')

    def test_lowercases_the_host_but_not_the_path(self):
        attrs = dict(vcstoken.request_for_uri('HTTPS://Code.Example.COM/Group/Repo/'))
        self.assertEqual(attrs['protocol'], 'https')
        self.assertEqual(attrs['host'], 'code.example.com')
        self.assertEqual(attrs['path'], 'Group/Repo')

    def test_percent_decodes_the_path_once(self):
        attrs = dict(vcstoken.request_for_uri('https://h/my%20repo/a%2520b?x=1'))
        self.assertEqual(attrs['path'], 'my repo/a%20b')

    def test_brackets_ipv6_hosts(self):
        attrs = dict(vcstoken.request_for_uri('http://[::1]:8000/r'))
        self.assertEqual(attrs['host'], '[::1]:8000')

    def test_leaves_out_path_for_the_server_root(self):
        attrs = vcstoken.request_for_uri('http://h/?cmd=capabilities')
        self.assertEqual(attrs, [('protocol', 'http'), ('host', 'h')])

    def test_passes_the_given_username(self):
        attrs = dict(vcstoken.request_for_uri(URI, 'alice'))
        self.assertEqual(attrs['username'], 'alice')

    def test_takes_a_username_from_the_url_when_none_is_given(self):
        attrs = dict(vcstoken.request_for_uri('https://bob@h/r'))
        self.assertEqual(attrs['username'], 'bob')

    def test_ignores_schemes_other_than_http(self):
        self.assertIsNone(vcstoken.request_for_uri('ssh://h/r'))
        self.assertIsNone(vcstoken.request_for_uri('file:///tmp/r'))

    def test_refuses_paths_with_encoded_line_breaks(self):
        with self.assertRaises(vcstoken.ProtocolError):
            vcstoken.request_for_uri('https://h/a%0Ab')

    def test_refuses_invalid_ports(self):
        with self.assertRaises(vcstoken.ProtocolError):
            vcstoken.request_for_uri('https://h:99999/r')


class BasicAuthorizationTest(unittest.TestCase):
    def test_round_trips_user_and_secret(self):
        value = vcstoken.basic_authorization('alice', 's:e:c')
        self.assertEqual(vcstoken.parse_basic_authorization(value), ('alice', 's:e:c'))

    def test_ignores_other_schemes_and_garbage(self):
        for value in (None, '', 'Bearer abc', 'Basic !!!', 'Basic ' + base64.b64encode(b'nocolon').decode()):
            self.assertIsNone(vcstoken.parse_basic_authorization(value))


class OriginOfTest(unittest.TestCase):
    def test_fills_in_the_default_port_and_lowercases(self):
        self.assertEqual(vcstoken.origin_of('HTTPS://Code.Example.COM/r?x=1'),
                         ('https', 'code.example.com', 443))
        self.assertEqual(vcstoken.origin_of('http://h:80/r'), vcstoken.origin_of('http://h/'))

    def test_tells_apart_schemes_hosts_and_ports(self):
        origins = {vcstoken.origin_of(u) for u in (
            'http://h/r', 'https://h/r', 'http://h:8080/r', 'http://h2/r', 'http://alice@h:81/r')}
        self.assertEqual(len(origins), 5)

    def test_has_no_origin_for_other_schemes_or_bad_ports(self):
        for uri in ('ssh://h/r', 'file:///tmp/r', 'https://h:99999/r', 'https:///r'):
            self.assertIsNone(vcstoken.origin_of(uri), uri)


class BridgeFindTest(unittest.TestCase):
    def test_returns_the_helpers_token_and_sends_the_request(self):
        runner = FakeRunner([{'username': 'alice', 'password': 'tok1'}])
        b, _ = bridge(runner)
        answer = b.find(URI, 'alice', None, False)
        self.assertEqual((answer.user, answer.secret), ('alice', 'tok1'))
        self.assertEqual(
            runner.calls,
            [('get', [('protocol', 'https'), ('host', 'code.example.com'),
                      ('path', 'group/repo'), ('username', 'alice'), ('vcs', 'hg')])],
        )

    def test_uses_the_requests_username_when_the_helper_gives_none(self):
        b, _ = bridge(FakeRunner([{'password': 'tok1'}]))
        self.assertEqual(b.find(URI, 'alice', None, False).user, 'alice')

    def test_falls_back_when_the_helper_has_no_username_at_all(self):
        b, _ = bridge(FakeRunner([{'password': 'tok1'}]))
        self.assertIs(b.find(URI, None, None, False), vcstoken.FALLBACK)

    def test_falls_back_when_the_helper_has_nothing(self):
        b, _ = bridge(FakeRunner([{}]))
        self.assertIs(b.find(URI, None, None, False), vcstoken.FALLBACK)

    def test_ignores_unknown_keys_in_the_answer(self):
        b, _ = bridge(FakeRunner([{'username': 'u', 'password': 'p', 'capability[]': 'x', 'foo': 'bar'}]))
        self.assertEqual(b.find(URI, None, None, False).secret, 'p')

    def test_gives_up_without_prompting_when_the_helper_says_quit(self):
        runner = FakeRunner([{'quit': '1'}], stderr=['vcstoken: error: no token for code.example.com/group/repo'])
        b, rec = bridge(runner)
        self.assertIs(b.find(URI, None, None, True), vcstoken.GIVE_UP)
        self.assertEqual(rec.warnings, ['vcstoken: error: no token for code.example.com/group/repo'])

    def test_relays_the_helpers_stderr_lines_through_warn(self):
        runner = FakeRunner([{}], stderr=['vcstoken: warning: token expires in 2 days'])
        b, rec = bridge(runner)
        b.find(URI, None, None, False)
        self.assertEqual(rec.warnings, ['vcstoken: warning: token expires in 2 days'])

    def test_never_returns_an_expired_token(self):
        b, _ = bridge(FakeRunner([{'username': 'u', 'password': 'p', 'password_expiry_utc': '999999'}]), now=1_000_000)
        self.assertIs(b.find(URI, None, None, False), vcstoken.FALLBACK)

    def test_returns_a_token_that_expires_later(self):
        b, _ = bridge(FakeRunner([{'username': 'u', 'password': 'p', 'password_expiry_utc': '1000001'}]), now=1_000_000)
        self.assertEqual(b.find(URI, None, None, False).secret, 'p')

    def test_does_not_run_the_helper_for_other_schemes(self):
        runner = FakeRunner()
        b, _ = bridge(runner)
        self.assertIs(b.find('ssh://h/r', None, None, False), vcstoken.FALLBACK)
        self.assertEqual(runner.calls, [])


class BridgeRejectionTest(unittest.TestCase):
    def test_erases_a_rejected_token_and_returns_the_next_candidate(self):
        runner = FakeRunner([
            {'username': 'alice', 'password': 'tok1'},
            {'username': 'alice', 'password': 'tok2'},
        ])
        b, _ = bridge(runner)
        b.find(URI, None, None, False)
        answer = b.find(URI, None, header('alice', 'tok1'), False)
        self.assertEqual(answer.secret, 'tok2')
        self.assertEqual(runner.actions(), ['get', 'erase', 'get'])
        erase = dict(runner.calls[1][1])
        self.assertEqual(erase['password'], 'tok1')
        self.assertEqual(erase['username'], 'alice')
        self.assertEqual(erase['path'], 'group/repo')

    def test_never_returns_a_rejected_token_twice(self):
        runner = FakeRunner([
            {'username': 'alice', 'password': 'tok1'},
            {'username': 'alice', 'password': 'tok1'},
        ])
        b, _ = bridge(runner)
        b.find(URI, None, None, False)
        self.assertIs(b.find(URI, None, header('alice', 'tok1'), False), vcstoken.GIVE_UP)

    def test_hands_over_to_mercurials_prompt_after_a_rejection_when_interactive(self):
        runner = FakeRunner([{'username': 'alice', 'password': 'tok1'}, {}])
        b, _ = bridge(runner)
        b.find(URI, None, None, True)
        self.assertIs(b.find(URI, None, header('alice', 'tok1'), True), vcstoken.FALLBACK)

    def test_gives_up_after_a_rejection_with_no_candidate_when_not_interactive(self):
        runner = FakeRunner([{'username': 'alice', 'password': 'tok1'}, {}])
        b, _ = bridge(runner)
        b.find(URI, None, None, False)
        self.assertIs(b.find(URI, None, header('alice', 'tok1'), False), vcstoken.GIVE_UP)

    def test_erases_each_rejected_token_only_once(self):
        runner = FakeRunner([{'username': 'a', 'password': 'tok1'}, {}, {}])
        b, _ = bridge(runner)
        b.find(URI, None, None, True)
        b.find(URI, None, header('a', 'tok1'), True)
        b.find(URI, None, header('a', 'tok1'), True)
        self.assertEqual(runner.actions().count('erase'), 1)

    def test_does_not_erase_credentials_it_did_not_hand_out(self):
        runner = FakeRunner([{'username': 'a', 'password': 'tok1'}])
        b, _ = bridge(runner)
        answer = b.find(URI, None, header('a', 'typed-by-user'), False)
        self.assertEqual(answer.secret, 'tok1')
        self.assertNotIn('erase', runner.actions())

    def test_does_not_erase_a_token_refused_by_a_server_it_was_not_issued_for(self):
        # hg re-sends its last header after a redirect; the other server's
        # 401 says nothing about the token.
        for other in ('https://code.example.com:8443/group/repo', 'http://code.example.com/group/repo',
                      'https://elsewhere.example.com/group/repo'):
            runner = FakeRunner([{'username': 'alice', 'password': 'tok1'}, {}])
            b, _ = bridge(runner)
            b.find(URI, None, None, False)
            self.assertIs(b.find(other, None, header('alice', 'tok1'), False), vcstoken.FALLBACK, other)
            self.assertEqual(runner.actions(), ['get', 'get'], other)
            # Still good for its own server: refused there, it is erased.
            b.find(URI, None, header('alice', 'tok1'), False)
            self.assertEqual(runner.actions(), ['get', 'get', 'erase', 'get'], other)

    def test_erases_with_the_request_of_the_origin_that_refused_the_token(self):
        # The same token may be issued for two origins (http and https).
        runner = FakeRunner([{'username': 'a', 'password': 'tok1'}, {'username': 'a', 'password': 'tok1'}])
        b, _ = bridge(runner)
        b.find('http://code.example.com:8080/x', None, None, False)
        b.find(URI, None, None, False)
        b.find('http://code.example.com:8080/x', None, header('a', 'tok1'), False)
        erase = dict(runner.calls[2][1])
        self.assertEqual(runner.calls[2][0], 'erase')
        self.assertEqual((erase['protocol'], erase['host'], erase['path']), ('http', 'code.example.com:8080', 'x'))

    def test_every_token_handed_out_before_giving_up_is_erased(self):
        # urllib's digest handler ends a request at its 7th 401 without hg
        # asking again: a 6th token would be sent but never erased.
        answers = [{'username': 'a', 'password': 'tok%d' % i} for i in range(20)]
        runner = FakeRunner(answers)
        b, _ = bridge(runner)
        answer = b.find(URI, None, None, False)
        handed = [answer.secret]
        while True:
            answer = b.find(URI, None, header('a', answer.secret), False)
            if not isinstance(answer, vcstoken.Credential):
                break
            handed.append(answer.secret)
        self.assertIs(answer, vcstoken.GIVE_UP)
        erased = [dict(attrs)['password'] for action, attrs in runner.calls if action == 'erase']
        self.assertEqual(erased, handed)
        self.assertEqual(len(handed), vcstoken.MAX_REJECTIONS_PER_PROCESS)

    def test_stops_when_the_server_keeps_rejecting_new_tokens(self):
        answers = [{'username': 'a', 'password': 'tok%d' % i} for i in range(20)]
        runner = FakeRunner(answers)
        b, rec = bridge(runner)
        answer = b.find(URI, None, None, False)
        results = []
        for _ in range(20):
            answer = b.find(URI, None, header('a', answer.secret), False)
            results.append(answer)
            if not isinstance(answer, vcstoken.Credential):
                break
        self.assertIs(results[-1], vcstoken.GIVE_UP)
        self.assertLessEqual(len(results), vcstoken.MAX_REJECTIONS_PER_PROCESS + 1)
        self.assertTrue(any('giving up' in w for w in rec.warnings))


class BridgeConfirmTest(unittest.TestCase):
    def test_reports_store_once_for_a_token_that_worked(self):
        runner = FakeRunner([{'username': 'alice', 'password': 'tok1'}])
        b, _ = bridge(runner)
        b.find(URI, None, None, False)
        b.confirm(header('alice', 'tok1'), URI)
        b.confirm(header('alice', 'tok1'), URI)
        self.assertEqual(runner.actions(), ['get', 'store'])
        store = dict(runner.calls[1][1])
        self.assertEqual(
            store,
            {'protocol': 'https', 'host': 'code.example.com', 'path': 'group/repo',
             'username': 'alice', 'password': 'tok1'},
        )

    def test_does_not_report_credentials_it_did_not_hand_out(self):
        runner = FakeRunner()
        b, _ = bridge(runner)
        b.confirm(header('alice', 'typed'), URI)
        b.confirm('Digest abc', URI)
        self.assertEqual(runner.calls, [])

    def test_does_not_report_success_from_a_server_the_token_was_not_issued_for(self):
        runner = FakeRunner([{'username': 'alice', 'password': 'tok1'}])
        b, _ = bridge(runner)
        b.find(URI, None, None, False)
        b.confirm(header('alice', 'tok1'), 'https://code.example.com:8443/group/repo')
        self.assertEqual(runner.actions(), ['get'])


class BridgeFailsSoftTest(unittest.TestCase):
    def test_warns_once_and_falls_back_when_no_helper_is_found(self):
        state = vcstoken.ProcessState()
        b, rec = bridge(None, state)
        self.assertIs(b.find(URI, None, None, False), vcstoken.FALLBACK)
        self.assertIs(b.find(URI, None, None, False), vcstoken.FALLBACK)
        self.assertEqual(len(rec.warnings), 1)
        self.assertIn('git-credential-vcstoken not found', rec.warnings[0])
        self.assertIn('[vcstoken] command', rec.warnings[0])

    def test_stops_asking_a_broken_helper_after_warning_once(self):
        runner = FakeRunner(error=vcstoken.HelperError('helper exited with status 3', ['boom']))
        state = vcstoken.ProcessState()
        b, rec = bridge(runner, state)
        self.assertIs(b.find(URI, None, None, False), vcstoken.FALLBACK)
        self.assertIs(b.find(URI, None, None, False), vcstoken.FALLBACK)
        self.assertEqual(len(runner.calls), 1)
        self.assertEqual(rec.warnings[0], 'boom')
        self.assertIn("using Mercurial's own authentication", rec.warnings[1])
        self.assertEqual(len(rec.warnings), 2)

    def test_never_mentions_a_secret_in_messages(self):
        runner = FakeRunner([
            {'username': 'alice', 'password': 'SECRET-1'},
            {'username': 'alice', 'password': 'SECRET-2'},
        ])
        b, rec = bridge(runner)
        first = b.find(URI, None, None, False)
        second = b.find(URI, None, header('alice', 'SECRET-1'), False)
        b.confirm(header('alice', 'SECRET-2'), URI)
        self.assertNotIn('SECRET', rec.everything())
        self.assertNotIn('SECRET', repr(first) + repr(second))


def write_script(directory, name, body):
    path = os.path.join(directory, name)
    with open(path, 'w') as f:
        f.write('#!%s\n' % sys.executable)
        f.write(textwrap.dedent(body))
    os.chmod(path, stat.S_IRWXU)
    return path


class HelperRunnerTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        self.addCleanup(self.tmp.cleanup)

    def test_sends_the_action_as_argument_and_the_message_on_stdin(self):
        script = write_script(self.dir, 'helper', '''
            import os, sys
            data = sys.stdin.read()
            with open(os.path.join(os.path.dirname(sys.argv[0]), 'seen'), 'w') as f:
                f.write(repr(sys.argv[1:]) + '|' + data + '|' + repr(sorted(os.environ.items())))
            sys.stdout.write('username=u\\npassword=p\\n')
            sys.stderr.write('vcstoken: warning: hello\\n')
        ''')
        runner = vcstoken.HelperRunner(script, 10, dict(os.environ))
        values, stderr = runner.run('get', [('protocol', 'https'), ('host', 'h'), ('password', 'SECRET')])
        self.assertEqual(values, {'username': 'u', 'password': 'p'})
        self.assertEqual(stderr, ['vcstoken: warning: hello'])
        with open(os.path.join(self.dir, 'seen')) as f:
            argv, stdin, env = f.read().split('|')
        self.assertEqual(argv, "['get']")
        self.assertEqual(stdin, 'protocol=https\nhost=h\npassword=SECRET\n\n')
        self.assertNotIn('SECRET', env)

    def test_reports_a_non_zero_exit_with_its_stderr(self):
        script = write_script(self.dir, 'helper', '''
            import sys
            sys.stderr.write('vcstoken: error: store is corrupt\\n')
            sys.exit(2)
        ''')
        with self.assertRaises(vcstoken.HelperError) as caught:
            vcstoken.HelperRunner(script, 10).run('get', [('protocol', 'https')])
        self.assertIn('exited with status 2', caught.exception.args[0])
        self.assertEqual(caught.exception.args[1], ['vcstoken: error: store is corrupt'])

    def test_abandons_a_helper_that_hangs(self):
        script = write_script(self.dir, 'helper', '''
            import time
            time.sleep(30)
        ''')
        with self.assertRaises(vcstoken.HelperError) as caught:
            vcstoken.HelperRunner(script, 0.5).run('get', [('protocol', 'https')])
        self.assertIn('did not answer within', caught.exception.args[0])

    def test_reports_a_missing_command(self):
        missing = os.path.join(self.dir, 'no-such-helper')
        with self.assertRaises(vcstoken.HelperError) as caught:
            vcstoken.HelperRunner(missing, 10).run('get', [('protocol', 'https')])
        self.assertIn('cannot run', caught.exception.args[0])

    def test_refuses_to_send_a_message_with_line_breaks(self):
        with self.assertRaises(vcstoken.ProtocolError):
            vcstoken.HelperRunner('/bin/true', 10).run('get', [('path', 'a\nb')])


class ConfigurationTest(unittest.TestCase):
    def test_configured_command_wins_over_path_lookup(self):
        self.assertEqual(vcstoken.find_command('/opt/x/helper'), '/opt/x/helper')

    def test_finds_the_helper_on_path(self):
        with tempfile.TemporaryDirectory() as d:
            write_script(d, vcstoken.HELPER_NAME, 'pass\n')
            old = os.environ.get('PATH', '')
            os.environ['PATH'] = d
            try:
                found = vcstoken.find_command(None)
            finally:
                os.environ['PATH'] = old
            self.assertEqual(found, os.path.join(d, vcstoken.HELPER_NAME))

    def test_turns_off_helper_prompts_when_hg_is_not_interactive(self):
        # GIT_TERMINAL_PROMPT=0 alone still lets the helper run an askpass program.
        env = vcstoken.child_environment(False, {'A': 'b', 'SSH_ASKPASS': '/x', 'VCSTOKEN_INTERACTIVE': 'auto'})
        self.assertEqual(env, {'A': 'b', 'SSH_ASKPASS': '/x', 'GIT_TERMINAL_PROMPT': '0',
                               'VCSTOKEN_INTERACTIVE': 'never'})
        self.assertEqual(vcstoken.child_environment(True, {'A': 'b'}), {'A': 'b'})

    def test_declares_the_mercurial_versions_it_supports(self):
        self.assertIsInstance(vcstoken.minimumhgversion, bytes)
        self.assertIsInstance(vcstoken.testedwith, bytes)
        self.assertTrue(vcstoken.minimumhgversion.startswith(b'6.'))


def unwrap_extension():
    """Undoes vcstoken.uisetup, so that tests do not leak wrappers."""
    hgextensions.unwrapfunction(hgurl.passwordmgr, 'find_user_password', vcstoken._find_user_password)
    hgextensions.unwrapfunction(hgurl.httpbasicauthhandler, 'http_error_auth_reqed', vcstoken._remember_request)
    hgextensions.unwrapfunction(hgurl.httpbasicauthhandler, 'retry_http_basic_auth', vcstoken._confirm_on_success)
    for name in ('http_request', 'https_request'):
        hgextensions.unwrapfunction(hgurl.httpbasicauthhandler, name, vcstoken._add_saved_authorization)


class FakeRequest:
    def __init__(self, headers=None):
        self.headers = dict(headers or {})

    def get_header(self, name, default=None):
        return self.headers.get(name, default)


@unittest.skipUnless(HAVE_MERCURIAL, 'Mercurial is not importable from this Python')
class MercurialGlueTest(unittest.TestCase):
    """Drives the wrapped passwordmgr of the real Mercurial in-process."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.log = os.path.join(self.tmp.name, 'log')
        self.helper = write_script(self.tmp.name, 'helper', '''
            import sys
            data = sys.stdin.read()
            with open(%r, 'a') as f:
                f.write(sys.argv[1] + ' ' + ' '.join(l for l in data.splitlines() if l and not l.startswith('password=')) + '\\n')
            if sys.argv[1] == 'get':
                sys.stdout.write('username=alice\\npassword=tok1\\n')
        ''' % self.log)
        self.ui = hgui.ui.load()
        self.ui.setconfig(b'vcstoken', b'command', self.helper.encode())
        self.ui.setconfig(b'ui', b'interactive', b'false')
        self.saved_state = vcstoken._STATE
        vcstoken._STATE = vcstoken.ProcessState()
        self.addCleanup(setattr, vcstoken, '_STATE', self.saved_state)

    def pwmgr(self):
        return hgurl.passwordmgr(self.ui, self.ui.httppasswordmgrdb)

    def orig(self, pwmgr, realm, authuri):
        self.orig_called = True
        return 'orig-user', 'orig-secret'

    def logged(self):
        with open(self.log) as f:
            return f.read().splitlines()

    def test_answers_from_the_helper_with_the_repository_path(self):
        self.orig_called = False
        answer = vcstoken._find_user_password(
            self.orig, self.pwmgr(), 'RhodeCode', 'http://127.0.0.1:5000/grp/repo?cmd=capabilities')
        self.assertEqual(answer, ('alice', 'tok1'))
        self.assertFalse(self.orig_called)
        self.assertEqual(self.logged(), ['get protocol=http host=127.0.0.1:5000 path=grp/repo vcs=hg'])

    def test_passes_the_auth_section_username_to_the_helper(self):
        self.ui.setconfig(b'auth', b'srv.prefix', b'http://127.0.0.1:5000/')
        self.ui.setconfig(b'auth', b'srv.username', b'bob')
        vcstoken._find_user_password(
            self.orig, self.pwmgr(), None, 'http://127.0.0.1:5000/grp/repo')
        self.assertEqual(self.logged(), ['get protocol=http host=127.0.0.1:5000 path=grp/repo username=bob vcs=hg'])

    def test_leaves_explicit_auth_section_passwords_to_mercurial(self):
        self.ui.setconfig(b'auth', b'srv.prefix', b'http://127.0.0.1:5000/')
        self.ui.setconfig(b'auth', b'srv.username', b'bob')
        self.ui.setconfig(b'auth', b'srv.password', b'written-down')
        self.orig_called = False
        vcstoken._find_user_password(self.orig, self.pwmgr(), None, 'http://127.0.0.1:5000/r')
        self.assertTrue(self.orig_called)
        self.assertFalse(os.path.exists(self.log))

    def test_leaves_passwords_from_the_url_to_mercurial(self):
        pwmgr = self.pwmgr()
        pwmgr.add_password(None, 'http://127.0.0.1:5000/r', 'carol', 'in-url')
        self.orig_called = False
        vcstoken._find_user_password(self.orig, pwmgr, None, 'http://127.0.0.1:5000/r')
        self.assertTrue(self.orig_called)

    def test_matches_auth_entries_against_the_username_from_the_url(self):
        pwmgr = self.pwmgr()
        pwmgr.add_password(None, 'http://127.0.0.1:5000/r', 'bob', None)
        self.ui.setconfig(b'auth', b'srv.prefix', b'http://127.0.0.1:5000/')
        self.ui.setconfig(b'auth', b'srv.username', b'bob')
        self.ui.setconfig(b'auth', b'srv.password', b'written-down')
        self.orig_called = False
        vcstoken._find_user_password(self.orig, pwmgr, None, 'http://127.0.0.1:5000/r')
        self.assertTrue(self.orig_called)

    def test_passes_the_username_from_the_url_to_the_helper(self):
        pwmgr = self.pwmgr()
        pwmgr.add_password(None, 'http://127.0.0.1:5000/r', 'carol', None)
        self.ui.setconfig(b'auth', b'srv.prefix', b'http://127.0.0.1:5000/')
        self.ui.setconfig(b'auth', b'srv.username', b'bob')
        self.ui.setconfig(b'auth', b'srv.password', b'for-bob-only')
        answer = vcstoken._find_user_password(self.orig, pwmgr, None, 'http://127.0.0.1:5000/r')
        self.assertEqual(answer, ('alice', 'tok1'))
        self.assertEqual(self.logged(), ['get protocol=http host=127.0.0.1:5000 path=r username=carol vcs=hg'])

    def test_reads_the_rejected_header_from_the_request_being_retried(self):
        pwmgr = self.pwmgr()
        uri = 'http://127.0.0.1:5000/r'
        vcstoken._find_user_password(self.orig, pwmgr, None, uri)
        setattr(pwmgr, vcstoken._REQ_ATTR, (FakeRequest({'Authorization': header('alice', 'tok1')}), 'Authorization'))
        answer = vcstoken._find_user_password(self.orig, pwmgr, None, uri)
        # The helper offers tok1 again: it is not sent twice.
        self.assertEqual(answer, (None, None))
        self.assertEqual([l.split()[0] for l in self.logged()], ['get', 'erase', 'get'])

    def test_does_not_erase_a_token_refused_by_a_server_it_was_not_issued_for(self):
        pwmgr = self.pwmgr()
        vcstoken._find_user_password(self.orig, pwmgr, None, 'http://127.0.0.1:5000/r')
        # The 401 of the server a redirect led to, with the header hg re-added.
        setattr(pwmgr, vcstoken._REQ_ATTR, (FakeRequest({'Authorization': header('alice', 'tok1')}), 'Authorization'))
        vcstoken._find_user_password(self.orig, pwmgr, None, 'http://127.0.0.1:5001/r?cmd=capabilities')
        self.assertEqual([l.split()[0] for l in self.logged()], ['get', 'get'])

    def test_forbids_the_helper_every_prompt_when_hg_is_not_interactive(self):
        env_log = os.path.join(self.tmp.name, 'env')
        helper = write_script(self.tmp.name, 'env-helper', '''
            import os, sys
            sys.stdin.read()
            with open(%r, 'a') as f:
                f.write(sys.argv[1] + ' ' + os.environ.get('VCSTOKEN_INTERACTIVE', '-') + '\\n')
        ''' % env_log)
        self.ui.setconfig(b'vcstoken', b'command', helper.encode())
        # The reviewer's setup: an askpass program the helper would otherwise run.
        with mock.patch.dict(os.environ, {'SSH_ASKPASS': '/bin/false', 'GIT_ASKPASS': '/bin/false'}):
            os.environ.pop('VCSTOKEN_INTERACTIVE', None)
            vcstoken._find_user_password(self.orig, self.pwmgr(), None, 'http://127.0.0.1:5000/r')
            self.ui.setconfig(b'ui', b'interactive', b'true')
            vcstoken._find_user_password(self.orig, self.pwmgr(), None, 'http://127.0.0.1:5000/r')
        with open(env_log) as f:
            self.assertEqual(f.read().splitlines(), ['get never', 'get -'])

    def test_sends_a_saved_token_only_to_the_origin_it_was_issued_for(self):
        handler = hgurl.httpbasicauthhandler(self.pwmgr())
        vcstoken._STATE.handed_out[vcstoken._fingerprint('tok1')] = {
            ('https', 'code.example.com', 443): vcstoken.request_for_uri('https://code.example.com/r')}

        def sent_to(url, auth):
            handler.auth = auth
            request = urllib.request.Request(url)
            vcstoken._add_saved_authorization(hgurl.httpbasicauthhandler.http_request, handler, request)
            return request.get_header('Authorization')

        token = header('alice', 'tok1')
        self.assertEqual(sent_to('https://code.example.com/r?cmd=capabilities', token), token)
        self.assertEqual(sent_to('https://CODE.example.com:443/other', token), token)
        for url in ('http://code.example.com/r', 'https://code.example.com:8443/r',
                    'https://evil.example.com/r', 'https://code.example.com.evil.example/r'):
            self.assertIsNone(sent_to(url, token), url)
        # Credentials vcstoken did not hand out stay with Mercurial.
        typed = header('alice', 'typed')
        self.assertEqual(sent_to('https://evil.example.com/r', typed), typed)
        self.assertIsNone(sent_to('https://evil.example.com/r', None))

    def test_uisetup_wraps_the_password_manager(self):
        before = hgurl.passwordmgr.find_user_password
        before_request = hgurl.httpbasicauthhandler.http_request
        before_https_request = hgurl.httpbasicauthhandler.https_request
        vcstoken.uisetup(self.ui)
        try:
            self.assertIsNot(hgurl.passwordmgr.find_user_password, before)
            self.assertIsNot(hgurl.httpbasicauthhandler.http_request, before_request)
            self.assertIsNot(hgurl.httpbasicauthhandler.https_request, before_https_request)
        finally:
            unwrap_extension()
        self.assertIs(hgurl.passwordmgr.find_user_password, before)
        self.assertIs(hgurl.httpbasicauthhandler.http_request, before_request)


if __name__ == '__main__':
    unittest.main()
