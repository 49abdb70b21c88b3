package nn.mnist;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the locator and fetcher read from the outside world: environment variables, the home directory and whether
 * a person is watching. Injected so that tests never touch the real home, cache or PATH.
 *
 * @param variables   environment variable lookup, {@code null} for an unset variable
 * @param home        the user's home directory
 * @param interactive whether progress is worth drawing (a terminal is attached)
 */
record Environment(Function<String, String> variables, Path home, boolean interactive) {

    /** The real process environment. */
    static Environment system() {
        return new Environment(System::getenv, Path.of(System.getProperty("user.home")), System.console() != null);
    }

    /** The variable's value, or {@code null} when it is unset or empty. */
    String variable(String name) {
        String value = variables.apply(name);
        return value == null || value.isEmpty() ? null : value;
    }

    /** The executable {@code name} from the first {@code $PATH} directory that has it. */
    Optional<Path> findExecutable(String name) {
        String path = variable("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
