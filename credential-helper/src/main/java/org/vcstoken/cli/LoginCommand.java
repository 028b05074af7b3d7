package org.vcstoken.cli;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.vcstoken.messages.CommandMessages;
import org.vcstoken.prompt.PromptException;
import org.vcstoken.renew.TokenCreation;
import org.vcstoken.request.ParsedUrl;
import org.vcstoken.server.KindRules;
import org.vcstoken.server.ServerException;
import org.vcstoken.server.ServerKind;
import org.vcstoken.server.ServerKinds;
import org.vcstoken.server.VcsType;
import org.vcstoken.store.StoreData;
import org.vcstoken.token.Role;
import org.vcstoken.token.ScopePolicy;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vcstoken login URL}: create the first token for a server or repository. */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Create a token on the server and store it.",
            "",
            "URL is the server, for a server-wide token, or a repository: then the token is made for that "
                + "repository (limited to it where the server can) and checked against it before it is stored.",
            "",
            "Assisted (--assisted): your account password logs into the server once, never stored, and vcstoken "
                + "creates a token with the profile's lifetime. Guided (--guided): the server's token page opens in "
                + "your browser; you create the token there and paste it.",
            "",
            "Without either you are asked which, unless vcstoken needs no help: for a repository, a stored API token "
                + "creates the token where the server's family can; for a server URL on such a family, login stores "
                + "an API token instead, as with --api. A family that cannot create tokens from a password goes "
                + "straight to guided.",
            "",
            "With --api, the token stored is one for vcstoken's own use of the server's API: you create it on the "
                + "token page and paste it, and the server checks it where its family can."},
        footerHeading = HelpLayout.EXAMPLES,
        footer = {"  vcstoken login https://code.example.com/group/repo",
            "  vcstoken login https://code.example.com --assisted",
            "  vcstoken login https://code.example.com --api"})
final class LoginCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(index = "0", paramLabel = "URL",
            description = "The server URL, or a repository URL for a token for that repository.")
    String url;

    @Option(names = "--user", paramLabel = "NAME",
            description = "Your account (default: the user name in URL, else the profile's, else you are asked).")
    String user;

    @ArgGroup(exclusive = true)
    How how;

    static final class How {
        @Option(names = "--assisted", description = "Create the token with your account password, used once and never "
                + "stored.")
        boolean assisted;

        @Option(names = "--guided", description = "Create the token yourself on the server's token page and paste it.")
        boolean guided;
    }

    @Option(names = "--api", description = "Store a token for vcstoken's own use of the server's API, with which "
            + "it creates, rotates and checks tokens and which is never given to git, hg or svn (the default for a "
            + "server URL when the server's family creates tokens with one).")
    boolean api;

    @Option(names = "--vcs", paramLabel = "git|hg|svn", defaultValue = "git",
            description = "The repository's type, for checking the new token against it (default: "
                    + "git).")
    String vcs;

    LoginCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    /**
     * A server with no profile yet: its family is found as {@code server add} finds it (at the
     * server's root: a repository URL does not say where the server's path ends), and the profile
     * stored with the token gets that family's defaults, so the token is made the family's way.
     */
    private ServerProfile newProfile(ServerKinds kinds, ParsedUrl parsed, String username) throws ServerException {
        String family = ServerCommand.detect(ctx, kinds, parsed.origin(), "");
        KindRules rules = kinds.kind(family, parsed.origin().url()).rules();
        return new ServerProfile(parsed.origin(), "", family, username, ScopePolicy.REPO, rules.defaultLifetime(),
                null, false, rules.ignoresUsername());
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
            throw new CliException(CommandMessages.unknownVcs(vcs));
        }
        StoreData data = ctx.store().read();
        TokenCreation creation = Creations.creation(ctx);
        Optional<ServerProfile> known = data.serverFor(parsed.origin(), parsed.path());
        ServerProfile profile = known.isPresent() ? known.get() : newProfile(creation.kinds(), parsed, u);
        String repo = profile.repoFor(parsed.path());
        String username = u != null ? u : profile.username();
        String scope = profile.scope() == ScopePolicy.REPO && !repo.isEmpty() ? repo : null;
        ServerKind kind = creation.kinds().kindFor(profile);
        boolean forApi = api || (repo.isEmpty() && how == null && kind.apiCreation().isPresent());
        TokenCreation.Mode mode = how == null ? TokenCreation.Mode.ASK
                : how.assisted ? TokenCreation.Mode.ASSISTED : TokenCreation.Mode.GUIDED;
        try {
            Token t;
            if (forApi) {
                t = creation.createApiToken(profile, username, Creations.prompter(ctx, false, "vcstoken login"));
            } else {
                var target = new TokenCreation.Target(profile, repo, username, scope, type, null);
                Optional<Token> unattended = how == null ? creation.unattended(target) : Optional.empty();
                t = unattended.isPresent() ? unattended.get()
                        : creation.create(target, Creations.prompter(ctx, false, "vcstoken login"), mode);
            }
            ctx.out().println(CommandMessages.loginStored(t.role() == Role.API, t.id(), t.server(), t.scope(),
                    t.username(), t.expires()));
            return 0;
        } catch (PromptException e) {
            throw new CliException(CommandMessages.noTokenCreated(e.getMessage()));
        } catch (ServerException e) {
            throw new CliException(e.getMessage());
        }
    }
}
