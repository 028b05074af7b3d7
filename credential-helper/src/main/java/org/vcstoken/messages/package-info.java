/**
 * Every message vcstoken shows a person, in one place: what a command prints, the errors and
 * warnings on stderr (always {@code vcstoken: error: …} / {@code vcstoken: warning: …}), the
 * texts of the exceptions that carry them there, and what {@code vcstoken doctor} finds (its
 * checks return their findings; doctor prints them).
 *
 * <p>Why one place: the wording stays consistent (the same thing is said the same way by the CLI,
 * the git helper and the JGit and SVNKit providers); each message can be read beside its siblings
 * to check that it says what to change (the command to run, the setting to fix), not only what
 * went wrong; and it is plain that no message takes a secret: methods take names, URLs, ids and
 * the details of a failure, never a token or password.
 *
 * <p>Classes are by concern ({@code Messages} for what is common, {@code CommandMessages},
 * {@code InputMessages}, {@code StoreMessages}, {@code DoctorMessages} and the like); all methods are static and return
 * the text. The package depends on nothing else in {@code org.vcstoken} (only JDK types), so every
 * package may use it without a cycle. A server family keeps its own wording in one
 * {@code *Messages} class in its own package, since nothing outside a family names its forge.
 * {@code MessagesInOnePlaceTest} keeps texts from being written inline elsewhere.
 */
package org.vcstoken.messages;
