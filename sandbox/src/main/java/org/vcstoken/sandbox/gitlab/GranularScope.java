package org.vcstoken.sandbox.gitlab;

import java.util.List;

/**
 * One boundary of a fine-grained personal access token (19.2): {@code access} is
 * {@code personal_projects}, {@code selected_memberships}, {@code all_memberships},
 * {@code user} or {@code instance}; a selected membership names one project or one group.
 */
record GranularScope(String access, List<String> permissions, Long projectId, Long groupId) {
  GranularScope {
    permissions = List.copyOf(permissions);
  }
}
