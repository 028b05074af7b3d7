package org.vcstoken.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.vcstoken.prompt.PromptException;
import org.vcstoken.renew.TokenCreation;
import org.vcstoken.request.ParsedUrl;
import org.vcstoken.server.ServerException;
import org.vcstoken.server.ServerKinds;
import org.vcstoken.server.VcsType;
import org.vcstoken.store.StoreData;
import org.vcstoken.token.ScopePolicy;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vcstoken login URL}: create the first token for a server or repository. */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Create a token on the server and store it. Assisted: your account password logs into the web UI",
            "once (never stored) and vcstoken creates a VCS token with the profile's lifetime. Guided: the token",
            "page opens in your browser and you paste the token you made. Without an option you are asked."})
final class LoginCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "URL", description = "server URL, or a repository URL for a repository token")
    String url;

    @Option(names = "--user", paramLabel = "NAME", description = "your account (default: the profile's)")
    String user;

    @ArgGroup(exclusive = true)
    How how;

    static final class How {
        @Option(names = "--assisted", description = "create it with your account password")
        boolean assisted;

        @Option(names = "--guided", description = "create it yourself in the browser and paste it")
        boolean guided;
    }

    @Option(names = "--vcs", paramLabel = "git|hg|svn", defaultValue = "git",
            description = "the repository's type, to check the new token against it (default git)")
    String vcs;

    LoginCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        ParsedUrl parsed = TokenCommand.parseUrl(url);
        String u = user != null ? user : parsed.username();
        if (u != null) {
            Validation.username(u);
        }
        VcsType type;
        try {
            type = VcsType.valueOf(vcs.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CliException("unknown --vcs '" + vcs + "'; use git, hg or svn");
        }
        StoreData data = ctx.store().read();
        ServerProfile profile = data.serverFor(parsed.origin(), parsed.path())
                .orElseGet(() -> ServerProfile.withDefaults(parsed.origin(), "", u));
        String repo = profile.repoFor(parsed.path());
        String username = u != null ? u : profile.username();
        String scope = profile.scope() == ScopePolicy.REPO && !repo.isEmpty() ? repo : null;
        var prompter = Creations.prompter(ctx, false, "vcstoken login");
        TokenCreation.Mode mode = how == null ? TokenCreation.Mode.ASK
                : how.assisted ? TokenCreation.Mode.ASSISTED : TokenCreation.Mode.GUIDED;
        try {
            Token t = Creations.creation(ctx).create(new TokenCreation.Target(profile, repo, username, scope, type, null),
                    ServerKinds.forProfile(profile, ctx.clock()), prompter, mode);
            ctx.out().println("stored token " + t.id() + " for " + t.server()
                    + (t.scope() == null ? " (server-wide)" : " (repository " + t.scope() + ")")
                    + ", user " + t.username() + ", expires " + (t.expires() == null ? "never" : t.expires()));
            return 0;
        } catch (PromptException e) {
            throw new CliException("no token created: " + e.getMessage());
        } catch (ServerException e) {
            throw new CliException(e.getMessage());
        }
    }
}
