/**
 * Secret back ends (issue 10): token secrets kept in the freedesktop Secret Service (through
 * {@code secret-tool}) or in {@code pass} instead of the store file. The store keeps each token's
 * metadata and the name of the back end holding its secret; {@link org.vcstoken.secret.SecretBackends}
 * is the facade the rest of vcstoken uses. Secret values reach a back end only through a child
 * process's standard input and come back through its standard output, never through argv or the
 * environment.
 */
package org.vcstoken.secret;
