package org.vcstoken.doctor;

import java.net.URI;
import java.net.http.HttpRequest;
import org.vcstoken.messages.DoctorMessages;
import org.vcstoken.server.HttpTransport;
import org.vcstoken.server.ServerException;
import org.vcstoken.token.ServerProfile;

/**
 * The one unauthenticated request doctor makes of a server, made once for the checks that read
 * it: whether the server answers, its clock, its realm; the checks after those run only on a
 * server that answered.
 *
 * @param repo the repository to ask for (git's first request for it), or null for the server's start page
 */
final class ServerReply {
    private final ServerProfile server;
    private final String repo;
    private final HttpTransport http;
    private boolean sent;
    private HttpTransport.Reply reply;
    private ServerException failure;

    ServerReply(ServerProfile server, String repo, HttpTransport http) {
        this.server = server;
        this.repo = repo;
        this.http = http;
    }

    ServerProfile server() {
        return server;
    }

    String repo() {
        return repo;
    }

    /** The answer; throws what sending the request threw. */
    synchronized HttpTransport.Reply get() throws ServerException {
        if (!sent) {
            sent = true;
            URI probe = repo == null ? HttpTransport.resolve(server, "")
                    : URI.create(HttpTransport.resolve(server, repo) + "/info/refs?service=git-upload-pack");
            try {
                reply = http.send(HttpRequest.newBuilder(probe).GET(), DoctorMessages.reaching(server.baseUrl()), 0);
            } catch (ServerException e) {
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return reply;
    }

    /** Whether the server answered (asking it if nobody has yet). */
    boolean answered() {
        try {
            get();
            return true;
        } catch (ServerException e) {
            return false;
        }
    }
}
