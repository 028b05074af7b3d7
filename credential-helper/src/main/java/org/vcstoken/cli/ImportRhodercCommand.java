package org.vcstoken.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.vcstoken.request.ParsedUrl;
import org.vcstoken.server.rhodecode.RhodeCodeMessages;
import org.vcstoken.server.rhodecode.RhodercImport;
import org.vcstoken.token.Role;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import org.vcstoken.token.TokenIds;
import org.vcstoken.token.TokenOrigin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code vcstoken server import-rhoderc [FILE]}: server profiles and API tokens from rhodecode-tools' file. */
@Command(name = "import-rhoderc", mixinStandardHelpOptions = true,
        description = {"Import server profiles and API keys from ~/.rhoderc.",
            "",
            "Each [instance:NAME] section of rhodecode-tools' configuration becomes a server profile, and its "
                + "api_key is stored as an API token: never handed to git, hg or svn, it lets vcstoken token check "
                + "ask RhodeCode for the account's tokens. An api_key stored already is not added again."})
final class ImportRhodercCommand implements Callable<Integer> {
    private final CliContext ctx;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "The file to read (default: ~/.rhoderc).")
    String file;

    @Option(names = "--user", paramLabel = "NAME", description = "The account the API keys belong to, for profiles "
            + "that have no user yet.")
    String user;

    ImportRhodercCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() throws Exception {
        Path path = file != null ? ctx.fs().getPath(file)
                : ctx.fs().getPath(ctx.env().get("HOME").orElse(System.getProperty("user.home")), ".rhoderc");
        if (!Files.isRegularFile(path)) {
            throw new CliException(RhodeCodeMessages.rhodercMissing(path.toString()));
        }
        List<RhodercImport.Instance> instances;
        try {
            instances = RhodercImport.read(path);
        } catch (RhodercImport.FormatException e) {
            throw new CliException(e.getMessage());
        }
        if (user != null) {
            Validation.username(user);
        }
        Instant now = ctx.clock().instant().truncatedTo(ChronoUnit.SECONDS);
        for (RhodercImport.Instance in : instances) {
            ParsedUrl parsed = TokenCommand.parseUrl(in.baseUrl());
            String[] result = new String[2];
            ctx.store().update(data -> {
                ServerProfile profile = data.server(parsed.origin().url() + (parsed.path().isEmpty() ? ""
                        : "/" + parsed.path())).orElseGet(() -> ServerProfile.withDefaults(parsed.origin(),
                                parsed.path(), user));
                String owner = profile.username() != null ? profile.username() : user;
                if (owner == null) {
                    throw new CliException(RhodeCodeMessages.rhodercOwnerUnknown(in.name()));
                }
                boolean known = data.tokens().stream().anyMatch(t -> t.server().equals(profile.baseUrl())
                        && t.secret().matches(in.apiKey().reveal())); // issue 10: compares values wherever kept
                var next = data.server(profile.baseUrl()).isPresent() ? data : data.withServer(profile);
                result[0] = profile.baseUrl();
                if (known) {
                    result[1] = null;
                    return next;
                }
                Set<String> taken = data.tokens().stream().map(Token::id).collect(Collectors.toSet());
                Token t = new Token(new TokenIds().unique(taken), profile.baseUrl(), owner, Role.API, null, null,
                        RhodeCodeMessages.rhodercTokenNote(in.name()), now, TokenOrigin.MANUAL, null, null,
                        in.apiKey());
                result[1] = t.id();
                return next.withToken(t);
            });
            ctx.out().println(RhodeCodeMessages.rhodercImported(in.name(), result[0], result[1]));
        }
        if (instances.isEmpty()) {
            ctx.out().println(RhodeCodeMessages.rhodercEmpty(path.toString()));
        }
        return 0;
    }
}
