package org.vcstoken.server.gitlab;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.vcstoken.server.CreatedToken;
import org.vcstoken.server.Rotation;
import org.vcstoken.server.RotationRefused;
import org.vcstoken.server.ServerException;
import org.vcstoken.token.Role;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;

/**
 * GitLab's rotate endpoints: the old token is revoked and a new one with the same name and
 * scopes is made, expiring on the date asked for (16.6 and later; before, a week ahead).
 * <ul>
 * <li>a project access token: {@code POST /projects/:id/access_tokens/:token_id/rotate} with
 *     the API token (its own scopes, pull and push, cannot rotate it);</li>
 * <li>the API token itself: {@code POST /personal_access_tokens/self/rotate} (16.10 and later;
 *     its scope {@code api} allows it);</li>
 * <li>another personal token (fine-grained, or one a person made): by id with the API token,
 *     the id asked of GitLab with the token itself when vcstoken did not create it.</li>
 * </ul>
 * GitLab revokes the whole token family when a revoked token is rotated again, so every answer
 * that proves the server kept the old token is a {@link RotationRefused} (safe to try later),
 * and nothing else is: a request that got no answer may have rotated it.
 */
final class TokenRotation implements Rotation {
    private final GitLabApi api;
    private final Clock clock;

    TokenRotation(GitLabApi api, Clock clock) {
        this.api = Objects.requireNonNull(api, "api");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public boolean canRotate(Token token, Token apiToken) {
        Optional<GitLabTokenId> id = GitLabTokenId.parse(token.serverId());
        if (id.isPresent() && id.get().isProjectToken()) {
            return apiToken != null;
        }
        // vcstoken's API token has scope api (checked when it was stored): it rotates itself.
        return token.role() == Role.API || token.role() == Role.ALL || apiToken != null;
    }

    @Override
    public CreatedToken rotate(ServerProfile profile, Token token, Secret apiToken, Instant expires)
            throws ServerException {
        LocalDate date = ExpiryDates.dateOf(clock, expires);
        Map<String, Object> body = Map.of("expires_at", date.toString());
        String what = GitLabMessages.renewing(token.id(), profile.baseUrl());
        Optional<GitLabTokenId> id = GitLabTokenId.parse(token.serverId());
        if (id.isPresent() && id.get().isProjectToken()) {
            GitLabTokenId t = id.get();
            if (apiToken == null) {
                throw new RotationRefused(GitLabMessages.rotationNeedsApiToken(profile.baseUrl()));
            }
            GitLabApi.Reply r = api.send(profile, "POST", "projects/" + t.projectId() + "/access_tokens/" + t.tokenId()
                    + "/rotate", apiToken, body, what);
            return answer(r, what, n -> GitLabTokenId.project(t.projectId(), n), token);
        }
        if (apiToken == null) {
            GitLabApi.Reply r = api.send(profile, "POST", "personal_access_tokens/self/rotate", token.secret(), body,
                    what);
            return answer(r, what, GitLabTokenId::personal, token);
        }
        long tokenId = id.isPresent() ? id.get().tokenId() : idOf(profile, token, what);
        GitLabApi.Reply r = api.send(profile, "POST", "personal_access_tokens/" + tokenId + "/rotate", apiToken, body,
                what);
        return answer(r, what, GitLabTokenId::personal, token);
    }

    /** The id of a personal token vcstoken did not create, asked with the token itself (any scope may). */
    private long idOf(ServerProfile profile, Token token, String what) throws ServerException {
        GitLabApi.Reply r = api.send(profile, "GET", "personal_access_tokens/self", token.secret(), null, what);
        if (!r.ok()) {
            // Nothing was rotated: the server refused even to say which token this is.
            throw new RotationRefused(r.said());
        }
        if (!(r.object(what).get("id") instanceof Long id)) {
            throw new RotationRefused(GitLabMessages.rotationWithoutId(what));
        }
        return id;
    }

    /**
     * 200 with the new token; any 4xx is GitLab's refusal with the old token untouched: 400 not
     * rotated (expiry beyond the maximum, a role above the caller's), 401 not this caller's or no
     * longer valid, 403 not allowed, 404 unknown, 405 not a personal token.
     */
    private CreatedToken answer(GitLabApi.Reply r, String what, java.util.function.LongFunction<GitLabTokenId> id,
            Token old) throws ServerException {
        if (r.ok()) {
            return api.created(r.object(what), what, id, old.scope());
        }
        if (r.status() >= 400 && r.status() < 500) {
            throw new RotationRefused(r.said());
        }
        throw new ServerException(what + ": " + r.said());
    }
}
