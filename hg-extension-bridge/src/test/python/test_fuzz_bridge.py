"""Randomized tests of the hg bridge's protocol side (stdlib only, fixed seeds).

Hostile URIs, helper answers and headers: the bridge either refuses (ProtocolError,
HelperError, None, FALLBACK, GIVE_UP) or produces a message whose lines are exactly
the attributes it meant, for the host the URI names, and never hands out an
expired token or says a secret in a message. Counts are printed for
docs/reliability.md.
"""

import os
import random
import sys
import unittest
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, '..', '..', 'main', 'python'))

import vcstoken  # noqa: E402

SEED = 20261127
SCHEMES = ['https', 'http', 'HTTPS', 'ftp', 'ssh', '', 'https:', 'file']
USERINFO = ['', 'alice@', 'alice:pw@', 'al%69ce@', 'a%0ab@', 'a%0d%0ahost=evil@', '%00@',
            'evil.org@', 'x:y:z@', '@', 'alice@evil.org@']
HOSTS = ['code.example.com', 'CODE.Example.COM', 'code.example.com.', 'b\u00fccher.example',
         'xn--bcher-kva.example', 'fa\u00df.example', '[::1]', '[0:0::1]', '[::1%25lo]',
         '127.0.0.1', 'code%2eexample.com', 'evil.org\\', 'evil.org#', 'code.example.com%0a',
         'code.exa\nmple.com', 'code.example.com\r', '\u202ecode', '']
PORTS = ['', ':443', ':80', ':8443', ':0', ':99999', ':-1', ':abc', ':', ':08443']
PATHS = ['', '/', '/group/repo', '/group/repo/', '/group%2Frepo', '/group/repo%0ahost=evil.org',
         '/group/repo%0d%0a', '/group/repo%00', '/%2e%2e/x', '/group/r\u00e9po', '/a/b/c?cmd=capabilities',
         '/repo?cmd=batch&x=%0a', '/repo#frag', '//double', '/repo\\x', '/repo%zz']
FORBIDDEN = ('\0', '\r', '\n')


def random_uri(rnd):
    return (rnd.choice(SCHEMES) + '://' + rnd.choice(USERINFO) + rnd.choice(HOSTS) + rnd.choice(PORTS)
            + rnd.choice(PATHS))


def lines_of(encoded):
    text = encoded.decode('utf-8')
    if text == '\n':
        return []
    assert text.endswith('\n\n'), text
    return text[:-2].split('\n') if text[:-2] else []


class RequestForUriFuzzTest(unittest.TestCase):
    CASES = 4000

    def test_a_uri_gives_exactly_its_own_attributes_or_is_refused(self):
        rnd = random.Random(SEED)
        outcomes = {'refused': 0, 'ignored': 0, 'asked': 0}
        for _ in range(self.CASES):
            uri = random_uri(rnd)
            try:
                attrs = vcstoken.request_for_uri(uri, rnd.choice([None, 'alice', 'bob']))
            except vcstoken.ProtocolError:
                outcomes['refused'] += 1
                continue
            except ValueError:
                # urllib itself refuses some netlocs (a bad IPv6 literal): hg never gets that far.
                outcomes['refused'] += 1
                continue
            if attrs is None:
                outcomes['ignored'] += 1
                continue
            outcomes['asked'] += 1
            keys = [k for k, _ in attrs]
            self.assertEqual(len(keys), len(set(keys)), uri)
            self.assertTrue(set(keys) <= {'protocol', 'host', 'path', 'username'}, uri)
            values = dict(attrs)
            self.assertIn(values['protocol'], ('http', 'https'), uri)
            host = values['host']
            for bad in FORBIDDEN + ('/', '@', '\\', '?', '#', ' '):
                self.assertNotIn(bad, host, uri)
            # The host is the one the connection goes to: urllib's view of the URI.
            parts = urllib.parse.urlsplit(uri)
            self.assertTrue(host.lower().startswith(
                ('[%s]' % parts.hostname) if ':' in parts.hostname else parts.hostname), uri)
            # No value can smuggle in a line: the message has exactly one line per attribute.
            encoded = vcstoken.encode_message(attrs)
            self.assertEqual(len(lines_of(encoded)), len(attrs), uri)
            self.assertEqual(vcstoken.parse_message(encoded), values, uri)
        print('\nrequest_for_uri fuzz: %d URIs %s' % (self.CASES, outcomes), file=sys.stderr)
        self.assertGreater(outcomes['asked'], 100)
        self.assertGreater(outcomes['refused'], 100)


class MessageFuzzTest(unittest.TestCase):
    CASES = 3000

    def test_encoding_round_trips_or_refuses_values_with_line_breaks(self):
        rnd = random.Random(SEED + 1)
        alphabet = 'ab=\0\r\n \t\u00e9\u2028\u0085%[]'
        refused = 0
        for _ in range(self.CASES):
            attrs = [(''.join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 4))),
                      ''.join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 8))))
                     for _ in range(rnd.randint(0, 4))]
            try:
                encoded = vcstoken.encode_message(attrs)
            except vcstoken.ProtocolError:
                refused += 1
                continue
            self.assertEqual(len(lines_of(encoded)), len(attrs), attrs)
            for key, value in attrs:
                for ch in FORBIDDEN:
                    self.assertNotIn(ch, key + value)
                self.assertTrue(key and '=' not in key)
        print('encode_message fuzz: %d messages, %d refused' % (self.CASES, refused), file=sys.stderr)
        self.assertGreater(refused, 0)

    def test_random_helper_output_is_parsed_or_refused_never_crashes(self):
        rnd = random.Random(SEED + 2)
        for _ in range(self.CASES):
            data = bytes(rnd.randrange(256) for _ in range(rnd.randint(0, 300)))
            if rnd.random() < 0.5:
                data = b'username=alice\npassword=tok\r\n' + data
            try:
                values = vcstoken.parse_message(data)
            except vcstoken.HelperError:
                continue
            for key, value in values.items():
                self.assertNotIn('\n', key + value)

    def test_random_authorization_headers_never_crash(self):
        rnd = random.Random(SEED + 3)
        pieces = ['Basic ', 'basic ', 'Bearer ', 'YWxpY2U6dG9r', 'YWxpY2U=', '====', '\u00e9', ' ', '\0', ':']
        for _ in range(self.CASES):
            header = ''.join(rnd.choice(pieces) for _ in range(rnd.randint(0, 5)))
            result = vcstoken.parse_basic_authorization(header)
            self.assertTrue(result is None or (isinstance(result, tuple) and len(result) == 2), header)


class RandomRunner:
    """A helper that answers get with random, often malformed, attributes."""

    def __init__(self, rnd):
        self.rnd = rnd
        self.sent = []

    def run(self, action, attrs):
        vcstoken.encode_message(attrs)
        self.sent.append((action, list(attrs)))
        r = self.rnd
        answer = {}
        for key in ('username', 'password', 'password_expiry_utc', 'quit', 'junk'):
            if r.random() < 0.6:
                answer[key] = r.choice({
                    'username': ['alice', '', 'bob'],
                    'password': ['secret-%d' % r.randrange(10 ** 6), ''],
                    'password_expiry_utc': ['0', '999999', '1000001', '99999999999', 'soon', '-5', ''],
                    'quit': ['0', '1', 'true', 'false'],
                    'junk': ['x'],
                }[key])
        if r.random() < 0.1:
            raise vcstoken.HelperError('helper failed', ['vcstoken: error: something'])
        return answer, []


class BridgeFuzzTest(unittest.TestCase):
    CASES = 3000
    NOW = 1_000_000

    def test_the_bridge_never_hands_out_an_expired_or_userless_token_or_says_a_secret(self):
        rnd = random.Random(SEED + 4)
        handed = 0
        for _ in range(self.CASES):
            runner = RandomRunner(rnd)
            messages = []
            bridge = vcstoken.Bridge(vcstoken.ProcessState(), runner, messages.append, messages.append,
                                     clock=lambda: self.NOW)
            uri = random_uri(rnd) if rnd.random() < 0.4 else 'https://code.example.com/group/repo?cmd=capabilities'
            try:
                answer = bridge.find(uri, rnd.choice([None, 'alice']), rnd.choice([None, 'Basic YWxpY2U6dG9r']),
                                     rnd.random() < 0.5)
            except ValueError:
                continue  # urllib refused the URI before the bridge could look at it
            if isinstance(answer, vcstoken.Credential):
                handed += 1
                self.assertTrue(answer.user)
                self.assertTrue(answer.secret)
                self.assertNotIn(answer.secret, repr(answer))
                for line in messages:
                    self.assertNotIn(answer.secret, line)
            else:
                self.assertIn(answer, (vcstoken.FALLBACK, vcstoken.GIVE_UP))
            for action, attrs in runner.sent:
                self.assertEqual(len(lines_of(vcstoken.encode_message(attrs))), len(attrs))
        print('bridge fuzz: %d requests, %d tokens handed out' % (self.CASES, handed), file=sys.stderr)
        self.assertGreater(handed, 100)

    def test_an_answer_with_an_expiry_in_the_past_is_never_used(self):
        rnd = random.Random(SEED + 5)
        for _ in range(500):
            expiry = rnd.randrange(0, self.NOW)

            class Past:
                def run(self, action, attrs):
                    return {'username': 'alice', 'password': 'tok', 'password_expiry_utc': str(expiry)}, []

            bridge = vcstoken.Bridge(vcstoken.ProcessState(), Past(), lambda m: None, lambda m: None,
                                     clock=lambda: self.NOW)
            self.assertIs(bridge.find('https://code.example.com/repo', 'alice', None, False), vcstoken.FALLBACK)


if __name__ == '__main__':
    unittest.main()
