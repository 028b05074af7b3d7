package org.vcstoken.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code vcstoken --version}: the version of the root pom and the git commit the build was made
 * from, both written into {@code org/vcstoken/build.properties} by the build (credential-helper's
 * pom), and the Java runtime it runs on, so that a bug report names exactly what ran.
 */
final class BuildVersion implements IVersionProvider {
    static final String RESOURCE = "/org/vcstoken/build.properties";

    @Override
    public String[] getVersion() {
        Properties build = read();
        return new String[] {
            "vcstoken " + build.getProperty("version", "unknown") + ", commit " + build.getProperty("commit", "unknown"),
            "Java " + Runtime.version() + " (" + System.getProperty("java.home") + ")"
        };
    }

    /** The build's record; empty when the classes were not built by Maven (an IDE, say). */
    static Properties read() {
        Properties p = new Properties();
        try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // A jar that cannot be read would not have run this class; report the version as unknown.
            p.clear();
        }
        return p;
    }
}
