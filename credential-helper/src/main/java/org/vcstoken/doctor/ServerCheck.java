package org.vcstoken.doctor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vcstoken.check.Check;
import org.vcstoken.check.Finding;
import org.vcstoken.messages.DoctorMessages;
import org.vcstoken.server.HttpTransport;
import org.vcstoken.server.ServerException;

/**
 * The server answers; its clock agrees with this machine's (expiry checks depend on it); and for a
 * repository, it asks for Basic credentials, the only ones git sends a token as.
 */
record ServerCheck(ServerReply reply, Clock clock) implements Check {
    static final Duration MAX_SKEW = Duration.ofSeconds(60);
    private static final Pattern REALM = Pattern.compile("(?i)^\\s*basic\\s+.*realm=\"([^\"]*)\"");

    @Override
    public String name() {
        return DoctorMessages.serverCheck();
    }

    @Override
    public void run(Consumer<Finding> report) {
        String base = reply.server().baseUrl();
        HttpTransport.Reply answer;
        try {
            answer = reply.get();
        } catch (ServerException e) {
            report.accept(Finding.fail(DoctorMessages.unreachable(base, e.getMessage()), DoctorMessages.unreachableFix()));
            return;
        }
        report.accept(Finding.pass(DoctorMessages.reachable(base, answer.status())));
        report.accept(skew(base, answer));
        if (reply.repo() != null) {
            report.accept(realm(base, reply.repo(), answer));
        }
    }

    private Finding skew(String base, HttpTransport.Reply answer) {
        Optional<String> date = answer.headers().firstValue("Date");
        if (date.isEmpty()) {
            return Finding.pass(DoctorMessages.noDateHeader(base));
        }
        Instant server;
        try {
            server = ZonedDateTime.parse(date.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return Finding.pass(DoctorMessages.unreadableDateHeader(base));
        }
        Duration skew = Duration.between(server, clock.instant()).abs();
        boolean ok = skew.compareTo(MAX_SKEW) <= 0;
        return Finding.of(ok, DoctorMessages.clock(base, ok, skew.toSeconds(), MAX_SKEW.toSeconds()),
                DoctorMessages.clockFix());
    }

    private static Finding realm(String base, String repo, HttpTransport.Reply answer) {
        if (answer.status() == 404) {
            return Finding.fail(DoctorMessages.repositoryNotFound(base, repo), DoctorMessages.repositoryNotFoundFix());
        }
        if (answer.status() >= 200 && answer.status() < 300) {
            return Finding.pass(DoctorMessages.readableWithoutCredentials(base, repo));
        }
        List<String> challenges = answer.headers().allValues("WWW-Authenticate");
        Optional<String> realm = challenges.stream()
                .map(REALM::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst();
        boolean ok = answer.status() == 401 && realm.isPresent();
        return Finding.of(ok, ok ? DoctorMessages.basicChallenge(base, realm.get())
                : DoctorMessages.noBasicChallenge(base, answer.status(), challenges),
                DoctorMessages.basicChallengeFix());
    }
}
