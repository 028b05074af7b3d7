package org.vcstoken.server.gitlab;

import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vcstoken.server.ApiCreation;
import org.vcstoken.server.ApiOutcome;
import org.vcstoken.server.HttpTransport;
import org.vcstoken.server.ServerException;
import org.vcstoken.server.TokenSpec;
import org.vcstoken.token.Secret;
import org.vcstoken.token.ServerProfile;

/**
 * A token for exactly one project, made with vcstoken's API token and nobody asked: a project
 * access token ({@code POST /projects/:id/access_tokens}, Developer access, pull and push), or,
 * where GitLab refuses that (a Developer may not create them: 400 "User does not have permission
 * to create project access token"; a project the account cannot manage), a fine-grained
 * personal token limited to the project on GitLab 19.2 and later. When neither can be had,
 * the answer says what GitLab said, and vcstoken takes its next path (the token page).
 */
final class ProjectTokens implements ApiCreation {
    /** Developer: may pull and push (a Reporter may only pull). */
    static final int DEVELOPER = 30;
    /** Fine-grained personal tokens came out of beta in 19.2 (FORGES.md §1.2). */
    static final int[] FINE_GRAINED_SINCE = {19, 2};
    /**
     * The fine-grained permissions for "Code: Download" and "Code: Push", as the sandbox names them;
     * GitLab's own identifiers could not be verified in its source (sandbox/README.md).
     */
    static final List<String> FINE_GRAINED_PERMISSIONS = List.of("download_code", "push_code");
    private static final Pattern VERSION = Pattern.compile("^(\\d{1,4})\\.(\\d{1,4})");

    private final GitLabApi api;
    private final Clock clock;

    ProjectTokens(GitLabApi api, Clock clock) {
        this.api = Objects.requireNonNull(api, "api");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public ApiOutcome create(ServerProfile profile, String username, Secret apiToken, TokenSpec spec)
            throws ServerException {
        Objects.requireNonNull(apiToken, "apiToken");
        Objects.requireNonNull(spec, "spec");
        LocalDate expiry = ExpiryDates.dateFor(clock, spec.lifetime());
        String name = spec.description() == null || spec.description().isBlank() ? "vcstoken" : spec.description();
        if (spec.repo() == null) {
            // No classic personal token that opens repositories can be made through the API.
            return fineGrained(profile, apiToken, name, expiry, null, null, null);
        }
        String repo = spec.repo();
        String what = GitLabMessages.creatingProjectToken(repo, profile.baseUrl());
        GitLabApi.Reply project = api.send(profile, "GET", "projects/" + GitLabApi.project(repo), apiToken, null, what);
        if (project.status() == 401) {
            return new ApiOutcome.Unavailable(GitLabMessages.apiTokenRefused(profile.baseUrl(), project.said()));
        }
        if (project.status() == 404) {
            return new ApiOutcome.Unavailable(GitLabMessages.noSuchProject(project.said(), repo, username));
        }
        if (project.status() == 403) {
            return new ApiOutcome.Unavailable(project.said());
        }
        if (!project.ok() || !(project.object(what).get("id") instanceof Long projectId)) {
            throw new ServerException(project.ok() ? GitLabMessages.projectWithoutId(what) : what + ": " + project.said());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("scopes", GitLabKind.VCS_SCOPES);
        body.put("access_level", DEVELOPER);
        body.put("expires_at", expiry.toString());
        GitLabApi.Reply made = api.send(profile, "POST", "projects/" + projectId + "/access_tokens", apiToken, body,
                what);
        if (made.ok()) {
            Map<String, Object> t = made.object(what);
            return new ApiOutcome.Created(api.created(t, what, id -> GitLabTokenId.project(projectId, id), repo));
        }
        if (made.status() == 401) {
            return new ApiOutcome.Unavailable(GitLabMessages.apiTokenRefused(profile.baseUrl(), made.said()));
        }
        if (made.status() == 400 || made.status() == 403 || made.status() == 404) {
            // No permission (a Developer), a project the account may not manage, or an instance
            // without the endpoint: a fine-grained personal token may still be limited to it.
            return fineGrained(profile, apiToken, name, expiry, projectId, repo, made.said());
        }
        throw new ServerException(what + ": " + made.said());
    }

    /**
     * {@code POST /user/personal_access_tokens} with {@code granular_scopes}: limited to the
     * project ({@code selected_memberships}), or to every project of the account when
     * {@code projectId} is null; only on GitLab 19.2 and later, asked with {@code GET /version}.
     *
     * @param refused what GitLab said to the project access token, or null when none was asked
     */
    private ApiOutcome fineGrained(ServerProfile profile, Secret apiToken, String name, LocalDate expiry,
            Long projectId, String repo, String refused) throws ServerException {
        String what = GitLabMessages.creatingFineGrained(repo, profile.baseUrl());
        GitLabApi.Reply v = api.send(profile, "GET", "version", apiToken, null, what);
        if (v.status() == 401) {
            return new ApiOutcome.Unavailable(GitLabMessages.apiTokenRefused(profile.baseUrl(), v.said()));
        }
        if (!v.ok()) {
            return new ApiOutcome.Unavailable(GitLabMessages.versionUnknown(v.said(), refused));
        }
        Object text = v.object(what).get("version");
        String version = text instanceof String s ? HttpTransport.printable(s, 40) : "?";
        if (!atLeast(version, FINE_GRAINED_SINCE)) {
            return new ApiOutcome.Unavailable(refused == null ? GitLabMessages.serverWideNeedsFineGrained(version)
                    : GitLabMessages.noFineGrained(refused, version));
        }
        Map<String, Object> scope = new LinkedHashMap<>();
        scope.put("access", projectId == null ? "all_memberships" : "selected_memberships");
        scope.put("permissions", FINE_GRAINED_PERMISSIONS);
        if (projectId != null) {
            scope.put("project_ids", List.of(projectId));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("granular_scopes", List.of(scope));
        body.put("expires_at", expiry.toString());
        GitLabApi.Reply made = api.send(profile, "POST", "user/personal_access_tokens", apiToken, body, what);
        if (made.ok()) {
            return new ApiOutcome.Created(api.created(made.object(what), what, GitLabTokenId::personal, repo));
        }
        if (made.status() == 401) {
            return new ApiOutcome.Unavailable(GitLabMessages.apiTokenRefused(profile.baseUrl(), made.said()));
        }
        if (made.status() >= 400 && made.status() < 500) {
            return new ApiOutcome.Unavailable(refused == null ? made.said()
                    : GitLabMessages.fineGrainedRefusedToo(refused, made.said()));
        }
        throw new ServerException(what + ": " + made.said());
    }

    /** Whether GitLab's {@code 17.9.0-ee} is at least {@code major.minor}. */
    static boolean atLeast(String version, int[] since) {
        Matcher m = VERSION.matcher(version);
        if (!m.find()) {
            return false;
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major != since[0] ? major > since[0] : minor >= since[1];
    }
}
