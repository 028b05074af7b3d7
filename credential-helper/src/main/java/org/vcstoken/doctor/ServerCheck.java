package org.vcstoken.doctor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vcstoken.check.Check;
import org.vcstoken.check.Finding;
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
        return "server";
    }

    @Override
    public void run(Consumer<Finding> report) {
        String base = reply.server().baseUrl();
        HttpTransport.Reply answer;
        try {
            answer = reply.get();
        } catch (ServerException e) {
            report.accept(Finding.fail(base + ": not reachable: " + e.getMessage(), "check the URL (vcstoken server list), "
                    + "that the server runs, and the network or proxy"));
            return;
        }
        report.accept(Finding.pass(base + ": reachable (HTTP " + answer.status() + ")"));
        report.accept(skew(base, answer));
        if (reply.repo() != null) {
            report.accept(realm(base, reply.repo(), answer));
        }
    }

    private Finding skew(String base, HttpTransport.Reply answer) {
        Optional<String> date = answer.headers().firstValue("Date");
        if (date.isEmpty()) {
            return Finding.pass(base + ": sends no Date header; clock skew not checked");
        }
        Instant server;
        try {
            server = ZonedDateTime.parse(date.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return Finding.pass(base + ": unreadable Date header; clock skew not checked");
        }
        Duration skew = Duration.between(server, clock.instant()).abs();
        boolean ok = skew.compareTo(MAX_SKEW) <= 0;
        return Finding.of(ok, base + ": clock " + (ok ? "agrees with the server's" : "differs from the server's by "
                + skew.toSeconds() + " s") + " (allowed: " + MAX_SKEW.toSeconds() + " s)",
                "set this machine's clock (e.g. enable NTP: timedatectl set-ntp true); expiry checks depend on it");
    }

    private static Finding realm(String base, String repo, HttpTransport.Reply answer) {
        if (answer.status() == 404) {
            return Finding.fail(base + ": repository " + repo + " not found", "check the URL; vcstoken token list shows scopes");
        }
        if (answer.status() >= 200 && answer.status() < 300) {
            return Finding.pass(base + ": " + repo + " is readable without credentials (the token is used for pushes)");
        }
        Optional<String> realm = answer.headers().allValues("WWW-Authenticate").stream()
                .map(REALM::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst();
        boolean ok = answer.status() == 401 && realm.isPresent();
        return Finding.of(ok, base + ": " + (ok ? "asks for Basic credentials, realm \"" + realm.get() + "\""
                : "answers " + answer.status() + " without a Basic challenge " + answer.headers().allValues("WWW-Authenticate")),
                "git sends tokens only to a server that asks with WWW-Authenticate: Basic; check the server URL "
                        + "and any proxy in front of it");
    }
}
