package org.vcstoken.sandbox.web;

/**
 * Which RhodeCode edition the web UI imitates. They share the auth tokens template
 * ({@code templates/admin/my_account/my_account_auth_tokens.mako}); only EE's view sets
 * {@code allow_scoped_tokens}, so only EE renders the hidden {@code scope_repo_id} (filled by the
 * page's script from {@code GET /_repos}) and attaches it to the token. CE shows a disabled
 * select instead and makes server-wide tokens only.
 */
public enum Edition {
  CE, EE
}
