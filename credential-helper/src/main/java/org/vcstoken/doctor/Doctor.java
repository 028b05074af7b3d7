package org.vcstoken.doctor;

import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.vcstoken.check.Check;
import org.vcstoken.check.Finding;
import org.vcstoken.messages.DoctorMessages;
import org.vcstoken.env.Environment;
import org.vcstoken.env.StatePaths;
import org.vcstoken.process.Programs;
import org.vcstoken.request.ParsedUrl;
import org.vcstoken.server.HttpTransport;
import org.vcstoken.server.KindContext;
import org.vcstoken.server.ServerException;
import org.vcstoken.server.ServerKind;
import org.vcstoken.server.ServerKinds;
import org.vcstoken.server.ServerUnderCheck;
import org.vcstoken.store.StoreData;
import org.vcstoken.store.TokenStore;
import org.vcstoken.svn.SvnAuthSync;
import org.vcstoken.token.ServerProfile;
import org.vcstoken.token.Token;
import org.vcstoken.trace.Trace;

/**
 * What {@code vcstoken doctor} checks, as a list of {@link Check}s in the order they run: this
 * machine (Java, the helper, the installation, the store), then per server git's configuration,
 * hg's and svn's, then per server the server itself, its tokens, and the checks its family adds
 * ({@link ServerKind#checks}). Building the list reads the store; nothing is asked of git or a
 * server until a check runs.
 */
public final class Doctor {
    /** Requests to a server being checked wait this long at most, so that one dead server does not stall the rest. */
    private static final Duration CONNECT = Duration.ofSeconds(5);
    private static final Duration REQUEST = Duration.ofSeconds(10);

    /**
     * What doctor runs on and in.
     *
     * @param directory   where git runs, so that a repository's own settings count; null for the current directory
     * @param java        the version of the Java running vcstoken
     * @param runningJava the java program running vcstoken
     * @param vmInfo      the JVM's {@code java.vm.info} (it says whether a class-data archive is in use)
     */
    public record Machine(Environment env, FileSystem fs, Clock clock, Path directory, Runtime.Version java,
            Path runningJava, String vmInfo) {
        public Machine {
            Objects.requireNonNull(env, "env");
            Objects.requireNonNull(fs, "fs");
            Objects.requireNonNull(clock, "clock");
        }
    }

    private final Machine machine;
    private final TokenStore store;
    private final StatePaths paths;
    private final Function<KindContext, ServerKinds> families;

    /** @param families the server families (tests bring their own); built with doctor's short time-outs */
    public Doctor(Machine machine, TokenStore store, StatePaths paths, Function<KindContext, ServerKinds> families) {
        this.machine = Objects.requireNonNull(machine, "machine");
        this.store = Objects.requireNonNull(store, "store");
        this.paths = Objects.requireNonNull(paths, "paths");
        this.families = Objects.requireNonNull(families, "families");
    }

    /** Java is 17 or newer. */
    public static Check java(Runtime.Version version) {
        return new JavaCheck(version);
    }

    /** Which kind of installation runs, and whether its start-up archives match the runtime. */
    public static Check installation(Environment env, FileSystem fs, Path runningJava, String vmInfo) {
        return new InstallationCheck(env, fs, runningJava, vmInfo);
    }

    /**
     * The checks for {@code target}'s server (every server when null), in the order they run.
     *
     * @param url the target as typed, for messages
     */
    public List<Check> checks(ParsedUrl target, String url) {
        Programs programs = new Programs(machine.env().variables());
        StoreCheck.Read read = StoreCheck.Read.of(store);
        StoreData data = read.data();
        HelperCheck helper = new HelperCheck(machine.env(), machine.fs(), programs);
        ProfilesCheck profiles = new ProfilesCheck(data, target, url);
        List<ServerProfile> servers = profiles.servers();

        List<Check> checks = new ArrayList<>(List.of(java(machine.java()), helper,
                installation(machine.env(), machine.fs(), machine.runningJava(), machine.vmInfo()),
                new StoreCheck(paths.storeFile(), read), profiles));
        if (programs.find("git").isPresent()) {
            GitCredentialConfig git = new GitCredentialConfig(programs, machine.directory());
            String command = helper.command();
            for (ServerProfile s : servers) {
                checks.add(new HelperOrderCheck(s, git, command));
                checks.add(new UseHttpPathCheck(s, git));
            }
        } else {
            checks.add(Check.of(DoctorMessages.gitCheck(), report -> report.accept(
                    Finding.pass(DoctorMessages.gitNotInstalled()))));
        }
        if (programs.find("hg").isPresent()) {
            checks.add(new HgCheck(programs));
        }
        if (programs.find("svn").isPresent()) {
            checks.add(new SvnCheck(new SvnAuthSync(store, machine.clock())));
        }
        HttpTransport http = new HttpTransport(CONNECT, REQUEST, Trace.off());
        ServerKinds kinds = families.apply(new KindContext(http, machine.clock(), Trace.off()));
        for (ServerProfile s : servers) {
            checks.addAll(serverChecks(s, data, target, http, kinds));
        }
        return checks;
    }

    private List<Check> serverChecks(ServerProfile server, StoreData data, ParsedUrl target, HttpTransport http,
            ServerKinds kinds) {
        String base = server.baseUrl();
        // A repository to ask for the realm: the one named on the command line, else a token's scope.
        String repo = target != null && target.path().length() > 0 ? server.repoFor(target.path()) : null;
        if (repo == null || repo.isEmpty()) {
            repo = data.tokens().stream().filter(t -> t.server().equals(base) && !t.isServerWide())
                    .map(Token::scope).findFirst().orElse(null);
        }
        String named = target == null ? null : server.repoFor(target.path());
        ServerReply reply = new ServerReply(server, repo, http);
        List<Check> checks = new ArrayList<>(List.of(new ServerCheck(reply, machine.clock()),
                new TokensCheck(reply, data.tokens(), named, kinds, machine.clock())));
        List<Token> own = data.tokens().stream().filter(t -> t.server().equals(base)).toList();
        ServerUnderCheck under = new ServerUnderCheck(server, own,
                Optional.ofNullable(named).filter(n -> !n.isEmpty()));
        ServerKind kind;
        try {
            kind = kinds.kindFor(server);
        } catch (ServerException e) {
            return checks; // the tokens check names the unknown kind
        }
        for (Check c : kind.checks(under)) {
            // A family's checks read the server; one that did not answer was reported already.
            checks.add(Check.of(c.name(), report -> {
                if (reply.answered()) {
                    c.run(report);
                }
            }));
        }
        return checks;
    }
}
