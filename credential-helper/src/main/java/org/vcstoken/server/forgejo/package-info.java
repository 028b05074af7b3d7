/**
 * The Forgejo and Gitea family: one implementation ({@code ForgeKind}) with two kinds,
 * {@code forgejo} and {@code gitea}, whose differences are data ({@code Flavor}). Assisted
 * creation through the Basic-auth token API, repository tokens on Forgejo, expiry enforced by
 * vcstoken. See docs/server-families.md and FORGES.md §2–3.
 */
package org.vcstoken.server.forgejo;
