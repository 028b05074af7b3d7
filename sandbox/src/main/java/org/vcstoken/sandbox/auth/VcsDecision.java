package org.vcstoken.sandbox.auth;

import org.vcstoken.sandbox.store.User;

/** What the sandbox does with an authenticated-or-not VCS request. */
public sealed interface VcsDecision {
  /** Serve it as {@code user} (the {@code default} user for anonymous access). */
  record Allow(User user) implements VcsDecision {}

  /** 401 with a Basic challenge. */
  record Challenge() implements VcsDecision {}

  /** 403: authenticated, but inactive or without permission. */
  record Forbidden(String reason) implements VcsDecision {}
}
