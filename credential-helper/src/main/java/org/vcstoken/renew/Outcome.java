package org.vcstoken.renew;

import org.vcstoken.broker.Answer;

/** How the fallback ended. */
public sealed interface Outcome {
    /** A token now exists (created here, or by the process that held the lock). */
    record Created(Answer answer) implements Outcome {
    }

    /**
     * Nothing may be asked: the message says which server and repository have no usable token
     * and what to run or set. The client must stop instead of prompting (git: {@code quit=1}).
     */
    record Refused(String message) implements Outcome {
    }

    /** The person declined or creation failed (already told why); the client may go on as usual. */
    record Declined() implements Outcome {
    }

    /** The request is for no configured server: not ours to handle. */
    record NotOurs() implements Outcome {
    }
}
