# vcstoken.py - Mercurial extension that takes HTTP credentials from vcstoken
#
# Part of vcstoken. Python 3, Mercurial 6.x.
"""take HTTP credentials from vcstoken (scoped, expiring VCS tokens)

When a server asks for HTTP authentication, this extension asks the vcstoken
credential helper for a token for that server and repository, using the same
key=value protocol as git's credential helpers. A token the server rejects is
reported back and never offered twice; a token that works is confirmed.

When vcstoken has no token, Mercurial's own behaviour applies ([auth], then a
prompt, or an abort when hg is not interactive). If the helper is missing or
broken, hg says so once and carries on without it.

Configuration::

  [extensions]
  vcstoken = /path/to/vcstoken.py

  [vcstoken]
  # the helper to run; default: git-credential-vcstoken on PATH
  command = /opt/vcstoken/bin/git-credential-vcstoken
  # seconds before a helper call is abandoned (default 60)
  timeout = 60

Credentials written in the URL (``https://user:pass@host/``) or as
``[auth]`` username and password take precedence over vcstoken; a username
alone (from the URL or ``[auth]``) is passed on to vcstoken.
"""

import base64
import binascii
import hashlib
import os
import shutil
import subprocess
import time
import urllib.parse

try:
    from mercurial import (
        extensions,
        httpconnection,
        registrar,
        url as hgurl,
        util as hgutil,
    )
except ImportError:
    # Only the unit tests import this file outside Mercurial; they exercise the
    # protocol and decision code, which does not need it.
    extensions = httpconnection = registrar = hgurl = hgutil = None

minimumhgversion = b'6.0'
testedwith = b'6.3'
buglink = b'https://github.com/vcstoken/vcstoken/issues'

HELPER_NAME = 'git-credential-vcstoken'
DEFAULT_TIMEOUT_SECONDS = 60

configtable = {}
if registrar is not None:
    # Declared so that `hg config` and devel warnings know these settings.
    _configitem = registrar.configitem(configtable)
    _configitem(b'vcstoken', b'command', default=None)
    _configitem(b'vcstoken', b'timeout', default=DEFAULT_TIMEOUT_SECONDS)

# A helper that keeps minting tokens the server keeps rejecting must not keep
# hg retrying for ever; Mercurial itself has no retry limit for Basic auth.
MAX_REJECTIONS_PER_PROCESS = 5

_DEFAULT_PORTS = {'http': 80, 'https': 443}
_FORBIDDEN_CHARS = ('\0', '\r', '\n')
# Characters no host name has; urllib leaves them in ``hostname`` for odd URLs.
_FORBIDDEN_HOST_CHARS = ' \t\\/@?#%'


class ProtocolError(ValueError):
    """A value cannot travel over the credential protocol."""


class HelperError(Exception):
    """The helper could not be run or gave an unusable answer."""


# ---------------------------------------------------------------------------
# The key=value protocol


def encode_message(attrs):
    """Encodes (key, value) pairs as git credential protocol lines.

    Values carrying NUL, CR or LF are refused rather than cleaned: git dies on
    them too, and a silently altered host or path could select the wrong token.
    """
    lines = []
    for key, value in attrs:
        if not key or '=' in key:
            raise ProtocolError('invalid key %r' % (key,))
        for ch in _FORBIDDEN_CHARS:
            if ch in key or ch in value:
                raise ProtocolError('control character in %s' % key)
        lines.append('%s=%s\n' % (key, value))
    lines.append('\n')
    return ''.join(lines).encode('utf-8')


def parse_message(data):
    """Parses a helper's answer into a dict; the last value of a key wins.

    Stops at the first blank line, like git. Lines without '=' and keys we do
    not know are kept or skipped harmlessly: the protocol says unknown keys
    must be ignored, and callers only look up the keys they understand.
    """
    try:
        text = data.decode('utf-8')
    except UnicodeDecodeError:
        raise HelperError('answer is not UTF-8')
    values = {}
    for line in text.split('\n'):
        line = line.rstrip('\r')
        if not line:
            break
        key, sep, value = line.partition('=')
        if sep:
            values[key] = value
    return values


def request_for_uri(authuri, username=None):
    """Builds the protocol attributes for Mercurial's ``authuri``.

    Returns a list of (key, value) pairs, or None when the URI is not http(s).
    The query (``?cmd=capabilities``) is dropped, the path loses its slashes at
    both ends and is percent-decoded once, as git does before calling helpers.
    """
    parts = urllib.parse.urlsplit(authuri)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    try:
        port = parts.port
    except ValueError:
        raise ProtocolError('invalid port in URL')
    host = parts.hostname
    if any(ch in _FORBIDDEN_HOST_CHARS or ord(ch) < 0x20 or ord(ch) == 0x7f for ch in host):
        raise ProtocolError('invalid host in URL')
    if ':' in host:
        host = '[%s]' % host
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        host = '%s:%d' % (host, port)
    attrs = [('protocol', scheme), ('host', host)]
    path = urllib.parse.unquote(parts.path).strip('/')
    if path:
        attrs.append(('path', path))
    if not username and parts.username:
        username = urllib.parse.unquote(parts.username)
    if username:
        attrs.append(('username', username))
    # Validate now so that a bad URL falls back before any helper runs.
    encode_message(attrs)
    return attrs


def origin_of(url):
    """The (scheme, host, port) a request for ``url`` goes to, else None.

    The port is always filled in, so that ``http://h/`` and ``http://h:80/``
    are one origin and ``http://h:8080/`` is another.
    """
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    if port is None:
        port = _DEFAULT_PORTS[scheme]
    return scheme, parts.hostname, port


def basic_authorization(user, secret):
    raw = ('%s:%s' % (user, secret)).encode('utf-8')
    return 'Basic ' + base64.b64encode(raw).decode('ascii')


def parse_basic_authorization(header):
    """Returns (user, secret) from a Basic Authorization header, else None."""
    if not header:
        return None
    scheme, _, encoded = header.strip().partition(' ')
    if scheme.lower() != 'basic':
        return None
    try:
        raw = base64.b64decode(encoded.strip(), validate=True).decode('utf-8')
    except (binascii.Error, ValueError, UnicodeDecodeError):
        # b64decode raises a plain ValueError for non-ASCII text, not binascii.Error.
        return None
    user, sep, secret = raw.partition(':')
    if not sep:
        return None
    return user, secret


def _fingerprint(secret):
    # Keeps no second plain copy of each secret in process-wide state.
    return hashlib.sha256(secret.encode('utf-8')).hexdigest()


# ---------------------------------------------------------------------------
# Running the helper


class HelperRunner:
    """Runs ``COMMAND ACTION`` with the message on stdin.

    Secrets travel only over the child's stdin and stdout, never argv or the
    environment. The child's stderr is collected so that its messages can be
    shown through Mercurial's ui instead of interleaving with hg's output.
    """

    def __init__(self, command, timeout=DEFAULT_TIMEOUT_SECONDS, env=None):
        self.command = command
        self.timeout = timeout
        self.env = env

    def run(self, action, attrs):
        payload = encode_message(attrs)
        try:
            proc = subprocess.run(
                [self.command, action],
                input=payload,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=self.env,
                timeout=self.timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise HelperError(
                '%s %s did not answer within %s s (set [vcstoken] timeout)'
                % (self.command, action, self.timeout)
            )
        except OSError as exc:
            raise HelperError(
                'cannot run %s: %s (set [vcstoken] command)'
                % (self.command, exc.strerror or exc)
            )
        stderr_lines = [
            line
            for line in proc.stderr.decode('utf-8', 'replace').splitlines()
            if line.strip()
        ]
        if proc.returncode != 0:
            raise HelperError(
                '%s %s exited with status %d'
                % (self.command, action, proc.returncode),
                stderr_lines,
            )
        return parse_message(proc.stdout), stderr_lines


def find_command(configured):
    """The helper to run: the configured path, else the helper on PATH."""
    if configured:
        return configured
    return shutil.which(HELPER_NAME)


def child_environment(interactive, base=None):
    env = dict(os.environ if base is None else base)
    if not interactive:
        # hg must not prompt here, so neither may the helper it runs. git's
        # switch only turns off the terminal prompt: an askpass program
        # (GIT_ASKPASS, SSH_ASKPASS) would still be run, so also use the
        # helper's own switch, which forbids every prompt.
        env['GIT_TERMINAL_PROMPT'] = '0'
        env['VCSTOKEN_INTERACTIVE'] = 'never'
    return env


# ---------------------------------------------------------------------------
# Decisions


class Credential:
    def __init__(self, user, secret):
        self.user = user
        self.secret = secret

    def __repr__(self):
        # Never let a secret reach a traceback or a debug line.
        return 'Credential(%r, <secret>)' % (self.user,)


# What find() can answer besides a Credential.
FALLBACK = 'fallback'  # let Mercurial do what it does without vcstoken
GIVE_UP = 'give-up'  # answer (None, None): hg stops with "authorization failed"


class ProcessState:
    """What one hg process has learnt about the tokens it handed out."""

    def __init__(self):
        # fingerprint -> {origin: request attrs}: the origins (scheme, host,
        # port) a token was issued for, each with the request it was issued
        # for there. A token is sent to, and judged by, those origins only.
        self.handed_out = {}
        self.rejected = set()  # fingerprints the server refused
        self.confirmed = set()  # fingerprints reported with store
        self.rejections = 0
        self.disabled = False  # the helper failed; stop asking it


class Bridge:
    """Answers one find_user_password call, and hears back from the server.

    ``runner`` is None when no helper command could be found. ``warn`` and
    ``debug`` take str and route to Mercurial's ui.
    """

    def __init__(self, state, runner, warn, debug, clock=time.time):
        self.state = state
        self.runner = runner
        self.warn = warn
        self.debug = debug
        self.clock = clock

    def find(self, authuri, username, sent_authorization, interactive):
        """Returns a Credential, FALLBACK or GIVE_UP for this request."""
        state = self.state
        if state.disabled:
            return FALLBACK
        try:
            attrs = request_for_uri(authuri, username)
        except ProtocolError as exc:
            self.debug('vcstoken: not asking the helper: %s' % exc)
            return FALLBACK
        if attrs is None:
            return FALLBACK
        origin = origin_of(authuri)

        # urllib asks again for the same request after a 401. The header that
        # request already carried is the credential the server refused.
        after_rejection = False
        sent = parse_basic_authorization(sent_authorization)
        if sent is not None:
            fingerprint = _fingerprint(sent[1])
            issued = state.handed_out.get(fingerprint, {})
            if origin in issued:
                after_rejection = True
                if fingerprint not in state.rejected:
                    state.rejected.add(fingerprint)
                    state.rejections += 1
                    self._report(
                        'erase',
                        issued[origin],
                        sent[0],
                        sent[1],
                    )
                # Stop at the cap, before handing out one token more: urllib's
                # digest handler aborts a request at its seventh 401 before
                # hg asks again, so a sixth token sent would never be erased.
                if state.rejections >= MAX_REJECTIONS_PER_PROCESS:
                    self.warn(
                        'vcstoken: the server rejected %d tokens; giving up'
                        % state.rejections
                    )
                    return GIVE_UP
            elif issued:
                # Only the server a token was issued for can say it is no
                # longer valid; another one (reached through a redirect, say)
                # knows nothing about it.
                self.debug(
                    'vcstoken: not reporting a token refused by a server it '
                    'was not issued for'
                )

        answer = self._get(attrs)
        if answer is GIVE_UP:
            return GIVE_UP
        if answer is not None:
            fingerprint = _fingerprint(answer.secret)
            if fingerprint in state.rejected:
                self.debug('vcstoken: helper offered a rejected token again')
            else:
                state.handed_out.setdefault(fingerprint, {})[origin] = attrs
                self.debug('vcstoken: using a token for user %s' % answer.user)
                return answer
        if after_rejection and not interactive:
            # Nothing new to offer and nobody to ask: stop after one attempt
            # instead of letting hg's fallback abort with a misleading
            # "authorization required".
            return GIVE_UP
        return FALLBACK

    def confirm(self, authorization, authuri):
        """Reports success for the credential ``authorization`` sent to
        ``authuri``, once."""
        sent = parse_basic_authorization(authorization)
        if sent is None:
            return
        fingerprint = _fingerprint(sent[1])
        issued = self.state.handed_out.get(fingerprint, {})
        attrs = issued.get(origin_of(authuri))
        if attrs is None or fingerprint in self.state.confirmed:
            return
        self.state.confirmed.add(fingerprint)
        self._report('store', attrs, sent[0], sent[1])

    def _get(self, attrs):
        # vcs=hg: a token the helper creates for this request is checked with
        # hg's own first request; a forge serving git and hg (Heptapod) answers
        # a git request for an hg repository as if it did not exist.
        values = self._call('get', list(attrs) + [('vcs', 'hg')])
        if values is None:
            return None
        if values.get('quit') in ('1', 'true'):
            # The helper has no usable token and says not to prompt.
            return GIVE_UP
        user = values.get('username') or dict(attrs).get('username')
        secret = values.get('password')
        if not secret:
            return None
        if not user:
            self.debug('vcstoken: helper answered without a username')
            return None
        expiry = values.get('password_expiry_utc')
        if expiry:
            try:
                expired = int(expiry) < self.clock()
            except ValueError:
                expired = False
                self.debug('vcstoken: ignoring bad password_expiry_utc')
            if expired:
                # Like git: an expired token is never sent.
                self.debug('vcstoken: helper answered an expired token')
                return None
        return Credential(user, secret)

    def _report(self, action, attrs, user, secret):
        message = [(k, v) for k, v in attrs if k != 'username']
        message.append(('username', user))
        message.append(('password', secret))
        self._call(action, message)

    def _call(self, action, attrs):
        if self.state.disabled:
            return None
        if self.runner is None:
            self._disable(
                '%s not found on PATH (set [vcstoken] command)' % HELPER_NAME
            )
            return None
        try:
            values, stderr_lines = self.runner.run(action, attrs)
        except ProtocolError as exc:
            self.debug('vcstoken: not asking the helper: %s' % exc)
            return None
        except HelperError as exc:
            lines = exc.args[1] if len(exc.args) > 1 else []
            for line in lines:
                self.warn(line)
            self._disable(exc.args[0])
            return None
        for line in stderr_lines:
            self.warn(line)
        return values

    def _disable(self, reason):
        # Said once per process; hg then behaves as without the extension.
        self.state.disabled = True
        self.warn(
            "vcstoken: %s; using Mercurial's own authentication" % reason
        )


# ---------------------------------------------------------------------------
# Mercurial glue

_STATE = ProcessState()

# Attribute on the password manager naming the request being retried; set by
# the auth handler wrapper, read by the find_user_password wrapper.
_REQ_ATTR = '_vcstoken_request'


def _bridge(ui):
    def warn(message):
        ui.warn(message.encode('utf-8', 'replace') + b'\n')

    def debug(message):
        ui.debug(message.encode('utf-8', 'replace') + b'\n')

    configured = ui.config(b'vcstoken', b'command')
    if configured:
        configured = os.fsdecode(hgutil.expandpath(configured))
    timeout = ui.configint(b'vcstoken', b'timeout')
    if timeout is None or timeout <= 0:
        timeout = DEFAULT_TIMEOUT_SECONDS
    command = find_command(configured)
    runner = None
    if command:
        runner = HelperRunner(
            command, timeout, child_environment(ui.interactive())
        )
    return Bridge(_STATE, runner, warn, debug)


def _explicit_credentials(pwmgr, realm, authuri):
    """Credentials the user wrote down: URL first, then [auth]."""
    user, secret = pwmgr.passwddb.find_user_password(realm, authuri)
    if user and secret:
        return user, secret
    if isinstance(user, str):
        # [auth] values are bytes; a str user would never match an entry's username.
        user = user.encode('utf-8')
    found = httpconnection.readauthforuri(pwmgr.ui, authuri, user)
    if found:
        _, auth = found
        user = user or auth.get(b'username')
        if user and auth.get(b'password'):
            return user, auth.get(b'password')
    return user, None


def _find_user_password(orig, pwmgr, realm, authuri):
    user, secret = _explicit_credentials(pwmgr, realm, authuri)
    if secret:
        return orig(pwmgr, realm, authuri)
    if isinstance(user, bytes):
        user = user.decode('utf-8', 'replace')
    sent = None
    req, header_name = getattr(pwmgr, _REQ_ATTR, (None, None))
    if req is not None:
        sent = req.get_header(header_name)
    ui = pwmgr.ui
    answer = _bridge(ui).find(authuri, user, sent, ui.interactive())
    if answer is GIVE_UP:
        return None, None
    if answer is FALLBACK:
        return orig(pwmgr, realm, authuri)
    return answer.user, answer.secret


def _remember_request(orig, handler, auth_header, host, req, headers):
    # find_user_password is not told which request it serves; remember it so
    # that the header already sent identifies a rejected token.
    pwmgr = handler.passwd
    previous = getattr(pwmgr, _REQ_ATTR, None)
    setattr(pwmgr, _REQ_ATTR, (req, handler.auth_header))
    try:
        return orig(handler, auth_header, host, req, headers)
    finally:
        setattr(pwmgr, _REQ_ATTR, previous)


def _confirm_on_success(orig, handler, host, req, realm):
    response = orig(handler, host, req, realm)
    if response is not None:
        # A retry returned a response rather than raising a 401: the header
        # the request carried last was accepted.
        sent = req.get_header(handler.auth_header)
        if sent:
            _bridge(handler.passwd.ui).confirm(sent, req.full_url)
    return response


def _add_saved_authorization(orig, handler, request):
    # hg adds the Authorization header it sent last to every later request,
    # also to one redirected to another server: a token would leak to it.
    # A token goes only to the scheme, host and port it was issued for.
    sent = parse_basic_authorization(handler.auth)
    if sent is not None:
        issued = _STATE.handed_out.get(_fingerprint(sent[1]))
        if issued and origin_of(request.full_url) not in issued:
            handler.passwd.ui.debug(
                b'vcstoken: not sending a token to a server it was not '
                b'issued for\n'
            )
            return request
    return orig(handler, request)


def uisetup(ui):
    extensions.wrapfunction(
        hgurl.passwordmgr, 'find_user_password', _find_user_password
    )
    extensions.wrapfunction(
        hgurl.httpbasicauthhandler, 'http_error_auth_reqed', _remember_request
    )
    extensions.wrapfunction(
        hgurl.httpbasicauthhandler, 'retry_http_basic_auth', _confirm_on_success
    )
    for name in ('http_request', 'https_request'):
        extensions.wrapfunction(
            hgurl.httpbasicauthhandler, name, _add_saved_authorization
        )
