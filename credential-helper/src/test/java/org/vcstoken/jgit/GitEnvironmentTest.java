package org.vcstoken.jgit;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.vcstoken.env.Environment;

/** Which git configuration files JGit reads under vcstoken, and the umask it is given. */
class GitEnvironmentTest {
    @TempDir
    Path dir;

    private FileBasedConfig user(Map<String, String> vars) throws Exception {
        FileBasedConfig c = new GitEnvironment(SystemReader.getInstance(), new Environment(vars), FileSystems.getDefault()).openUserConfig(null,
                FS.DETECTED);
        c.load();
        return c;
    }

    private FileBasedConfig system(Map<String, String> vars) throws Exception {
        FileBasedConfig c = new GitEnvironment(SystemReader.getInstance(), new Environment(vars), FileSystems.getDefault()).openSystemConfig(null,
                FS.DETECTED);
        c.load();
        return c;
    }

    private Path config(String name, String value) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, "[vcstoken]\n\twhich = " + value + "\n");
        return file;
    }

    @Test
    void gitConfigGlobalReplacesTheFilesInHome() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve(".gitconfig"), "[vcstoken]\n\twhich = home\n");
        Path global = config("global", "global");

        assertThat(user(Map.of("HOME", home.toString())).getString("vcstoken", null, "which")).isEqualTo("home");
        assertThat(user(Map.of("HOME", home.toString(), "GIT_CONFIG_GLOBAL", global.toString()))
                .getString("vcstoken", null, "which")).isEqualTo("global");
    }

    @Test
    void theXdgFileIsReadFromTheGivenHomeOrXdgConfigHome() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home2"));
        Files.createDirectories(home.resolve(".config/git"));
        Files.writeString(home.resolve(".config/git/config"), "[vcstoken]\n\txdg = default\n");
        Path xdg = Files.createDirectories(dir.resolve("xdg/git"));
        Files.writeString(xdg.resolve("config"), "[vcstoken]\n\txdg = chosen\n");

        assertThat(user(Map.of("HOME", home.toString())).getString("vcstoken", null, "xdg")).isEqualTo("default");
        assertThat(user(Map.of("HOME", home.toString(), "XDG_CONFIG_HOME", dir.resolve("xdg").toString()))
                .getString("vcstoken", null, "xdg")).isEqualTo("chosen");
    }

    @Test
    void theSystemFileIsGitConfigSystemUnlessNoSystemIsSet() throws Exception {
        Path system = config("system", "system");
        Map<String, String> vars = new HashMap<>(Map.of("GIT_CONFIG_SYSTEM", system.toString()));
        assertThat(system(vars).getString("vcstoken", null, "which")).isEqualTo("system");

        vars.put("GIT_CONFIG_NOSYSTEM", "1");
        assertThat(system(vars).getString("vcstoken", null, "which")).isNull();
        vars.put("GIT_CONFIG_NOSYSTEM", "false");
        assertThat(system(vars).getString("vcstoken", null, "which")).as("git reads 'false' as not set")
                .isEqualTo("system");
    }

    @Test
    void emptyVariablesMeanNoFileAsInGit() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home3"));
        Files.writeString(home.resolve(".gitconfig"), "[vcstoken]\n\twhich = home\n");
        Path system = config("system3", "system");
        assertThat(user(Map.of("HOME", home.toString(), "GIT_CONFIG_GLOBAL", "")).getString("vcstoken", null, "which"))
                .as("GIT_CONFIG_GLOBAL= reads no global file").isNull();
        assertThat(system(Map.of("GIT_CONFIG_SYSTEM", "")).getString("vcstoken", null, "which"))
                .as("GIT_CONFIG_SYSTEM= reads no system file").isNull();
        assertThat(system(Map.of("GIT_CONFIG_SYSTEM", system.toString())).getString("vcstoken", null, "which"))
                .isEqualTo("system");
    }

    @Test
    void withoutHomeOnlyAnXdgFileNamedOutrightIsRead() throws Exception {
        Path xdg = Files.createDirectories(dir.resolve("xdg4/git"));
        Files.writeString(xdg.resolve("config"), "[vcstoken]\n\twhich = xdg\n");
        assertThat(user(Map.of()).getString("vcstoken", null, "which")).isNull();
        assertThat(user(Map.of("XDG_CONFIG_HOME", dir.resolve("xdg4").toString())).getString("vcstoken", null, "which"))
                .isEqualTo("xdg");
    }

    @Test
    void onlyADistributionsGitOrNoneMeansEtcGitconfig() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path git = Files.writeString(bin.resolve("git"), "#!/bin/sh\n");
        assertThat(git.toFile().setExecutable(true)).isTrue();
        assertThat(new GitEnvironment(SystemReader.getInstance(), new Environment(Map.of("PATH", bin.toString())),
                FileSystems.getDefault()).distributionGitOrNone()).as("a git built elsewhere: ask it").isFalse();
        assertThat(new GitEnvironment(SystemReader.getInstance(), new Environment(Map.of("PATH", dir.resolve("none")
                + ":" + dir)), FileSystems.getDefault()).distributionGitOrNone()).as("no git at all").isTrue();
        if (Files.isExecutable(Path.of("/usr/bin/git"))) {
            assertThat(new GitEnvironment(SystemReader.getInstance(), new Environment(Map.of("PATH", "/usr/bin")),
                    FileSystems.getDefault()).distributionGitOrNone()).as("this machine's /usr/bin/git").isTrue();
        }
    }

    @Test
    void homeIsWhereTildeIsWhileInstalled() {
        java.io.File before = FS.DETECTED.userHome();
        try (GitEnvironment.Installed installed = GitEnvironment.install(
                new Environment(Map.of("HOME", dir.toString())), FileSystems.getDefault())) {
            assertThat(FS.DETECTED.userHome()).isEqualTo(dir.toFile());
        }
        assertThat(FS.DETECTED.userHome()).isEqualTo(before);
    }

    @Test
    void withoutGitConfigSystemItIsGitsDistributionDefault() {
        FileBasedConfig c = new GitEnvironment(SystemReader.getInstance(), new Environment(Map.of()),
                FileSystems.getDefault()).openSystemConfig(null, FS.DETECTED);
        assertThat(c.getFile()).isEqualTo(new java.io.File("/etc/gitconfig"));
    }

    @Test
    void jgitSeesTheGivenEnvironmentWhileInstalledAndItsOwnAfterwards() {
        SystemReader before = SystemReader.getInstance();
        try (GitEnvironment.Installed installed = GitEnvironment.install(
                new Environment(Map.of("VCSTOKEN_PROBE", "given")), FileSystems.getDefault())) {
            assertThat(SystemReader.getInstance().getenv("VCSTOKEN_PROBE")).isEqualTo("given");
        }
        assertThat(SystemReader.getInstance()).isSameAs(before);
    }

    @Test
    void theUmaskComesFromProcSelfStatus() throws Exception {
        FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
        assertThat(GitEnvironment.umask(fs)).as("no /proc: leave it to JGit").isEmpty();
        Files.createDirectories(fs.getPath("/proc/self"));
        Files.writeString(fs.getPath("/proc/self/status"), "Name:\tjava\nUmask:\t0027\nState:\tR (running)\n");
        assertThat(GitEnvironment.umask(fs)).contains(0027);
        Files.writeString(fs.getPath("/proc/self/status"), "Name:\tjava\nUmask:\tjunk\n");
        assertThat(GitEnvironment.umask(fs)).isEmpty();
        if (Files.isReadable(Path.of("/proc/self/status"))) {
            assertThat(GitEnvironment.umask(FileSystems.getDefault())).as("this machine's kernel reports it")
                    .isPresent();
        }
    }

    @Test
    void gitBooleansFollowGit() {
        assertThat(GitEnvironment.gitBoolean(Optional.empty())).isFalse();
        for (String no : new String[] {"0", "false", "No", "off"}) {
            assertThat(GitEnvironment.gitBoolean(Optional.of(no))).as(no).isFalse();
        }
        for (String yes : new String[] {"1", "true", "yes", "on", "2"}) {
            assertThat(GitEnvironment.gitBoolean(Optional.of(yes))).as(yes).isTrue();
        }
    }

    /** A file system whose clock stamps files with {@code nanos} past a whole second. */
    private static FileSystem stampingAt(long nanos) throws Exception {
        FileSystem fs = Jimfs.newFileSystem(Configuration.unix().toBuilder()
                .setFileTimeSource(() -> java.nio.file.attribute.FileTime.from(
                        java.time.Instant.ofEpochSecond(1_800_000_000L, nanos)))
                .build());
        Files.createDirectories(fs.getPath("/work"));
        return fs;
    }

    @Test
    void onlyAFileSystemWithTimesFinerThanTenMillisecondsCountsAsFine() throws Exception {
        try (FileSystem fine = stampingAt(123_456_789); FileSystem fat = stampingAt(0);
                FileSystem exfat = stampingAt(120_000_000)) {
            assertThat(GitEnvironment.fineTimestampStore(fine.getPath("/work/clone/not/made/yet"))).isEqualTo("jimfs");
            assertThat(GitEnvironment.fineTimestampStore(fat.getPath("/work/clone"))).as("whole seconds").isNull();
            assertThat(GitEnvironment.fineTimestampStore(exfat.getPath("/work/clone"))).as("10 ms steps").isNull();
            try (var left = Files.list(fine.getPath("/work"))) {
                assertThat(left.toList()).as("the probe file is gone, the clone directory not made").isEmpty();
            }
        }
    }

    @Test
    void jgitGetsAResolutionForEveryFileSystemSoItNeverMeasuresAndKeepsWhatItSaved() throws Exception {
        String prefix = System.getProperty("java.vendor") + '|' + System.getProperty("java.version") + '|';
        String clones = Files.getFileStore(dir).name();
        String other = null;
        for (java.nio.file.FileStore s : FileSystems.getDefault().getFileStores()) {
            if (!s.name().equals(clones)) {
                other = s.name();
                break;
            }
        }
        Map<String, String> vars = Map.of("HOME", dir.toString(), "XDG_CONFIG_HOME", dir.resolve("xdg").toString());
        UnmeasuredFileStores c = (UnmeasuredFileStores) new GitEnvironment(
                SystemReader.getInstance(), new Environment(vars), FileSystems.getDefault())
                .openJGitConfig(null, FS.DETECTED);
        assertThat(c.getFile()).isEqualTo(dir.resolve("xdg/jgit/config").toFile());
        UnmeasuredFileStores withFine = new UnmeasuredFileStores(null, c.getFile(),
                FS.DETECTED, FileSystems.getDefault(), java.util.Set.of(clones));
        withFine.load();
        assertThat(withFine.getString("filesystem", prefix + clones, "timestampResolution")).isEqualTo("20 milliseconds");
        assertThat(withFine.getString("filesystem", prefix + clones, "minRacyThreshold")).isEqualTo("0 milliseconds");
        if (other != null) {
            assertThat(withFine.getString("filesystem", prefix + other, "timestampResolution"))
                    .as("JGit's own fallback").isEqualTo("2000 milliseconds");
        }
        assertThat(c.getFile()).as("nothing is written").doesNotExist();

        Files.createDirectories(dir.resolve("xdg/jgit"));
        Files.writeString(dir.resolve("xdg/jgit/config"),
                "[filesystem \"" + prefix + clones + "\"]\n\ttimestampResolution = 7 microseconds\n");
        withFine.load();
        assertThat(withFine.getString("filesystem", prefix + clones, "timestampResolution"))
                .as("a measurement JGit saved").isEqualTo("7 microseconds");
    }

    @Test
    void whenJGitSavesAMeasurementTheEstimatesAreLeftOutOfTheFile() throws Exception {
        String prefix = System.getProperty("java.vendor") + '|' + System.getProperty("java.version") + '|';
        String clones = Files.getFileStore(dir).name();
        Path file = dir.resolve("xdg/jgit/config");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "[user]\n\tname = kept\n");
        UnmeasuredFileStores c = new UnmeasuredFileStores(null, file.toFile(), FS.DETECTED, FileSystems.getDefault(),
                java.util.Set.of(clones));
        c.load();
        assertThat(c.getString("filesystem", prefix + clones, "timestampResolution")).isEqualTo("20 milliseconds");

        // What JGit does after measuring a file system it had no value for: set the result and save.
        c.setString("filesystem", prefix + "newly-mounted", "timestampResolution", "3 microseconds");
        c.save();

        String saved = Files.readString(file);
        assertThat(saved).contains("name = kept", "newly-mounted", "3 microseconds")
                .as("no estimate is written as if JGit had measured it")
                .doesNotContain("20 milliseconds", "2000 milliseconds", "minRacyThreshold");
        assertThat(c.getString("filesystem", prefix + clones, "timestampResolution"))
                .as("the estimates stay in memory").isEqualTo("20 milliseconds");

        c.setString("filesystem", prefix + clones, "timestampResolution", "4 microseconds");
        c.save();
        assertThat(Files.readString(file)).as("a measurement that replaced an estimate is saved")
                .contains(prefix + clones, "4 microseconds");
    }
}
