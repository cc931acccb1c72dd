package org.flexisip.common.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this build, written by Maven into {@code org/flexisip/common/version.properties}. */
public final class BuildVersion {
    private BuildVersion() {
    }

    public static String current() {
        try (InputStream in = BuildVersion.class.getResourceAsStream("/org/flexisip/common/version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties is missing from the flexisip-common jar");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
