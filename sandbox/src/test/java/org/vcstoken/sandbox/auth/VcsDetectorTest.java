package org.vcstoken.sandbox.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.vcstoken.sandbox.store.RepoType;

class VcsDetectorTest {
  private static final Map<String, String> HG = Map.of("accept", "application/mercurial-0.1");
  private static final Set<String> SVN_REPOS = Set.of("grp/svnrepo", "top");

  private static Optional<VcsRequest> detect(String method, String path, String query, Map<String, String> headers) {
    return VcsDetector.detect(method, path, query, headers, SVN_REPOS::contains);
  }

  @Test
  void gitInfoRefsIsPullAndStripsDotGit() {
    assertThat(detect("GET", "/grp/sub/repo.git/info/refs", "service=git-upload-pack", Map.of()))
        .contains(new VcsRequest(RepoType.GIT, "grp/sub/repo", false, "/info/refs"));
  }

  @Test
  void gitReceivePackIsPushByServiceOrPath() {
    assertThat(detect("GET", "/r/info/refs", "service=git-receive-pack", Map.of()).orElseThrow().push()).isTrue();
    assertThat(detect("POST", "/r/git-receive-pack", null, Map.of()).orElseThrow().push()).isTrue();
    assertThat(detect("POST", "/r/git-upload-pack", null, Map.of()).orElseThrow().push()).isFalse();
  }

  @Test
  void gitByIdKeepsTheIdForm() {
    assertThat(detect("GET", "/_12/info/refs", "service=git-upload-pack", Map.of()).orElseThrow().repoName())
        .isEqualTo("_12");
  }

  @Test
  void hgNeedsAcceptHeaderAndCmd() {
    assertThat(detect("GET", "/grp/hgrepo/", "cmd=capabilities", HG))
        .contains(new VcsRequest(RepoType.HG, "grp/hgrepo", false, ""));
    assertThat(detect("GET", "/grp/hgrepo", "cmd=capabilities", Map.of())).isEmpty();
    assertThat(detect("GET", "/grp/hgrepo", null, HG)).isEmpty();
  }

  @Test
  void theQueryIsUnquotedAsPythonsParseQsDoesKeepingAMalformedEscapeAsItStands() {
    // %63 is 'c', so the name is cmd; the value's %zz is no escape and stays: an unknown hg
    // command, hence a push, never a server error.
    assertThat(detect("GET", "/grp/hgrepo", "%63md=x%zz", HG))
        .contains(new VcsRequest(RepoType.HG, "grp/hgrepo", true, ""));
    assertThat(VcsDetector.parseQuery("%63md=x%zz&a=%41+b&c=%e2%82%ac&d=%e2%82"))
        .containsEntry("cmd", java.util.List.of("x%zz")).containsEntry("a", java.util.List.of("A b"))
        .containsEntry("c", java.util.List.of("\u20ac")).containsEntry("d", java.util.List.of("\ufffd"));
    // parse_qs leaves blank values out, so an empty cmd is no hg request.
    assertThat(detect("GET", "/grp/hgrepo", "cmd=", HG)).isEmpty();
    assertThat(detect("GET", "/grp/hgrepo", "cmd", HG)).isEmpty();
  }

  @Test
  void hgUnknownAndWriteCommandsArePush() {
    assertThat(detect("POST", "/r", "cmd=unbundle", HG).orElseThrow().push()).isTrue();
    assertThat(detect("GET", "/r", "cmd=pushkey", HG).orElseThrow().push()).isTrue();
    assertThat(detect("GET", "/r", "cmd=frobnicate", HG).orElseThrow().push()).isTrue();
    assertThat(detect("GET", "/r", "cmd=getbundle", HG).orElseThrow().push()).isFalse();
  }

  @Test
  void hgBatchIsPullOnlyWhenEveryCommandIs() {
    Map<String, String> pull = Map.of("accept", "application/mercurial-0.1",
        "x-hgarg-1", "cmds=heads+%3Bknown+nodes%3D");
    assertThat(detect("GET", "/r", "cmd=batch", pull).orElseThrow().push()).isFalse();
    Map<String, String> push = Map.of("accept", "application/mercurial-0.1",
        "x-hgarg-1", "cmds=heads+%3Bpushkey+namespace%3Dbookmarks");
    assertThat(detect("GET", "/r", "cmd=batch", push).orElseThrow().push()).isTrue();
  }

  @Test
  void hgIsCheckedBeforeGit() {
    assertThat(detect("GET", "/a/info/refs", "cmd=capabilities", HG).orElseThrow().type()).isEqualTo(RepoType.HG);
  }

  @Test
  void svnByDavHeaderBangSvnOrPropfind() {
    assertThat(detect("OPTIONS", "/grp/svnrepo/trunk", null,
        Map.of("dav", "http://subversion.tigris.org/xmlns/dav/svn/depth")))
        .contains(new VcsRequest(RepoType.SVN, "grp/svnrepo", false, ""));
    assertThat(detect("POST", "/grp/svnrepo/!svn/me", null, Map.of()))
        .contains(new VcsRequest(RepoType.SVN, "grp/svnrepo", true, ""));
    assertThat(detect("PROPFIND", "/top/a/b/c", null, Map.of()).orElseThrow().repoName()).isEqualTo("top");
    assertThat(detect("PROPPATCH", "/top", null, Map.of()).orElseThrow().push()).isTrue();
  }

  @Test
  void svnUnknownPathKeepsFullNameSoItIs404() {
    assertThat(detect("PROPFIND", "/nope/x", null, Map.of()).orElseThrow().repoName()).isEqualTo("nope/x");
  }

  @Test
  void svnReadMethodsArePullOthersPush() {
    for (String m : new String[] {"OPTIONS", "PROPFIND", "GET", "REPORT"}) {
      assertThat(detect(m, "/top/!svn/x", null, Map.of()).orElseThrow().push()).as(m).isFalse();
    }
    for (String m : new String[] {"PUT", "DELETE", "MKACTIVITY", "CHECKOUT", "MERGE", "POST", "LOCK"}) {
      assertThat(detect(m, "/top/!svn/x", null, Map.of()).orElseThrow().push()).as(m).isTrue();
    }
  }

  @Test
  void plainWebRequestsAreNotVcs() {
    assertThat(detect("GET", "/_admin/my_account/auth_tokens", null, Map.of())).isEmpty();
    assertThat(detect("GET", "/grp/repo", null, Map.of())).isEmpty();
  }
}
