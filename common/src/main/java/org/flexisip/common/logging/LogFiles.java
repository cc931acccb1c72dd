package org.flexisip.common.logging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a role writes its logs (spec/global.md §8.1): {@code <log-directory>/<log-filename>} with
 * {@code {server}} replaced by the role name, so roles sharing a directory never write the same file; the
 * user-errors log sits beside it with {@code -user-errors} before the extension.
 *
 * @param directory  {@code global/log-directory}
 * @param mainLog    the role's log file
 * @param userErrors the user-errors log file
 */
public record LogFiles(Path directory, Path mainLog, Path userErrors) {

    /** @param roleNames the role, or several joined by '+' (the launcher) */
    public static LogFiles of(String directory, String fileNamePattern, String roleNames) {
        Path dir = Path.of(directory);
        String name = fileNamePattern.replace("{server}", roleNames);
        int dot = name.lastIndexOf('.');
        String userErrors = dot > 0 ? name.substring(0, dot) + "-user-errors" + name.substring(dot)
                : name + "-user-errors";
        return new LogFiles(dir, dir.resolve(name), dir.resolve(userErrors));
    }

    /**
     * Creates the directory when missing and checks that the role can write there.
     *
     * @throws IOException saying which directory and why, when it cannot be used
     */
    public void prepare() throws IOException {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new IOException("cannot create the log directory " + directory + ": " + reason(e), e);
        }
        if (!Files.isDirectory(directory) || !Files.isWritable(directory)) {
            throw new IOException("the log directory " + directory + " is not writable");
        }
        if (Files.exists(mainLog) && !Files.isWritable(mainLog)) {
            throw new IOException("the log file " + mainLog + " is not writable");
        }
    }

    private static String reason(IOException e) {
        return e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                .toLowerCase(java.util.Locale.ROOT) + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")");
    }
}
