package org.flexisip.common.sip.parser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The RFC 4475 and RFC 5118 torture messages, copied from {@code ../shared/torture} into test resources. */
final class TortureMessages {
    private TortureMessages() {
    }

    /** The exact bytes of {@code torture/<path>} (never decoded as text). */
    static byte[] bytes(String path) {
        try (InputStream in = TortureMessages.class.getResourceAsStream("/torture/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no torture message " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
