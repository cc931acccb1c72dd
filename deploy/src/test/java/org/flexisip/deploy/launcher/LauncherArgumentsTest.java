package org.flexisip.deploy.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The roles receive the launcher's command line less --server, --daemon and -p/--pidfile. */
class LauncherArgumentsTest {

    private static List<String> words(String line) {
        return line.isBlank() ? List.of() : List.of(line.strip().split(" "));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--server proxy -c f.conf                    | -c f.conf",
            "--server=proxy+presence --syslog             | --syslog",
            "--daemon -d                                  | -d",
            "-p /run/f.pid --set global/log-level=debug   | --set global/log-level=debug",
            "-p/run/f.pid -t sip:*:5070                   | -t sip:*:5070",
            "-p=/run/f.pid --pidfile /run/g.pid           | ''",
            "--pidfile=/run/f.pid -s global/aliases=a     | -s global/aliases=a",
            "-dp /run/f.pid -c f.conf                     | -d -c f.conf",
            "-dc f.conf --server all                      | -d -c f.conf",
            "--set global/aliases=--daemon -c --server    | --set global/aliases=--daemon -c --server",
            "--hosts a=1.2.3.4 --dump-default global      | --hosts a=1.2.3.4 --dump-default global"})
    void dropsOnlyTheLauncherOptionsAndTheirValues(String given, String kept) {
        assertEquals(words(kept), LauncherArguments.forRoles(words(given)));
    }
}
